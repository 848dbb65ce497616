<?php
/*
 * Adds the data WooCommerce leaves in a shop's database, without WooCommerce
 * itself: customers with billing and shipping details in usermeta, products,
 * orders stored both the legacy way (shop_order posts with postmeta, order
 * items, order notes as comments) and in the High-Performance Order Storage
 * tables, the customer lookup table, and cart sessions whose serialized value
 * holds further serialized values. Tables have WooCommerce's own column
 * layouts; rows are what WooCommerce would write for the same orders.
 *
 * Runs with WordPress loaded (see runner.php); prints a JSON summary.
 */

wp_set_current_user(1);
global $wpdb;

$home = untrailingslashit(home_url());
$host = wp_parse_url($home, PHP_URL_HOST);
$collate = $wpdb->get_charset_collate();
$p = $wpdb->prefix;

function slipway_fail($what) {
    global $wpdb;
    fwrite(STDERR, "$what failed: " . $wpdb->last_error . "\n");
    exit(1);
}

function slipway_query($sql, $what) {
    global $wpdb;
    if ($wpdb->query($sql) === false) {
        slipway_fail($what);
    }
}

function slipway_insert($table, $row) {
    global $wpdb;
    if ($wpdb->insert($table, $row) === false) {
        slipway_fail("inserting into $table");
    }
    return (int) $wpdb->insert_id;
}

/* Tables ----------------------------------------------------------------- */

$tables = array(
    "CREATE TABLE {$p}woocommerce_sessions (
  session_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  session_key char(32) NOT NULL,
  session_value longtext NOT NULL,
  session_expiry bigint(20) unsigned NOT NULL,
  PRIMARY KEY (session_id),
  UNIQUE KEY session_key (session_key)
) $collate",
    "CREATE TABLE {$p}woocommerce_order_items (
  order_item_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  order_item_name text NOT NULL,
  order_item_type varchar(200) NOT NULL DEFAULT '',
  order_id bigint(20) unsigned NOT NULL,
  PRIMARY KEY (order_item_id),
  KEY order_id (order_id)
) $collate",
    "CREATE TABLE {$p}woocommerce_order_itemmeta (
  meta_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  order_item_id bigint(20) unsigned NOT NULL,
  meta_key varchar(255) DEFAULT NULL,
  meta_value longtext NULL,
  PRIMARY KEY (meta_id),
  KEY order_item_id (order_item_id),
  KEY meta_key (meta_key(32))
) $collate",
    "CREATE TABLE {$p}wc_customer_lookup (
  customer_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  user_id bigint(20) unsigned DEFAULT NULL,
  username varchar(60) DEFAULT '' NOT NULL,
  first_name varchar(255) NOT NULL,
  last_name varchar(255) NOT NULL,
  email varchar(100) NULL DEFAULT NULL,
  date_last_active timestamp NULL DEFAULT NULL,
  date_registered timestamp NULL DEFAULT NULL,
  country char(2) DEFAULT '' NOT NULL,
  postcode varchar(20) DEFAULT '' NOT NULL,
  city varchar(100) DEFAULT '' NOT NULL,
  state varchar(100) DEFAULT '' NOT NULL,
  PRIMARY KEY (customer_id),
  UNIQUE KEY user_id (user_id),
  KEY email (email)
) $collate",
    "CREATE TABLE {$p}wc_orders (
  id bigint(20) unsigned,
  status varchar(20) null,
  currency varchar(10) null,
  type varchar(20) null,
  tax_amount decimal(26,8) null,
  total_amount decimal(26,8) null,
  customer_id bigint(20) unsigned null,
  billing_email varchar(320) null,
  date_created_gmt datetime null,
  date_updated_gmt datetime null,
  parent_order_id bigint(20) unsigned null,
  payment_method varchar(100) null,
  payment_method_title text null,
  transaction_id varchar(100) null,
  ip_address varchar(100) null,
  user_agent text null,
  customer_note text null,
  PRIMARY KEY (id),
  KEY status (status),
  KEY date_created (date_created_gmt),
  KEY customer_id_billing_email (customer_id, billing_email(171)),
  KEY billing_email (billing_email(191)),
  KEY type_status_date (type, status, date_created_gmt),
  KEY parent_order_id (parent_order_id),
  KEY date_updated (date_updated_gmt)
) $collate",
    "CREATE TABLE {$p}wc_order_addresses (
  id bigint(20) unsigned auto_increment primary key,
  order_id bigint(20) unsigned NOT NULL,
  address_type varchar(20) null,
  first_name text null,
  last_name text null,
  company text null,
  address_1 text null,
  address_2 text null,
  city text null,
  state text null,
  postcode text null,
  country text null,
  email varchar(320) null,
  phone varchar(100) null,
  KEY order_id (order_id),
  UNIQUE KEY address_type_order_id (address_type, order_id),
  KEY email (email(191)),
  KEY phone (phone)
) $collate",
    "CREATE TABLE {$p}wc_order_operational_data (
  id bigint(20) unsigned auto_increment primary key,
  order_id bigint(20) unsigned NULL,
  created_via varchar(100) NULL,
  woocommerce_version varchar(20) NULL,
  prices_include_tax tinyint(1) NULL,
  coupon_usages_are_counted tinyint(1) NULL,
  download_permission_granted tinyint(1) NULL,
  cart_hash varchar(100) NULL,
  new_order_email_sent tinyint(1) NULL,
  order_key varchar(100) NULL,
  order_stock_reduced tinyint(1) NULL,
  date_paid_gmt datetime NULL,
  date_completed_gmt datetime NULL,
  shipping_tax_amount decimal(26,8) NULL,
  shipping_total_amount decimal(26,8) NULL,
  discount_tax_amount decimal(26,8) NULL,
  discount_total_amount decimal(26,8) NULL,
  recorded_sales tinyint(1) NULL,
  UNIQUE KEY order_id (order_id),
  KEY order_key (order_key)
) $collate",
    "CREATE TABLE {$p}wc_orders_meta (
  id bigint(20) unsigned auto_increment primary key,
  order_id bigint(20) unsigned null,
  meta_key varchar(255),
  meta_value text null,
  KEY meta_key_value (meta_key(100), meta_value(82)),
  KEY order_id_meta_key_meta_value (order_id, meta_key(100), meta_value(82))
) $collate",
);
foreach ($tables as $sql) {
    slipway_query($sql, 'creating a WooCommerce table');
}

/* Customers -------------------------------------------------------------- */

add_role('customer', 'Customer', array('read' => true));

$people = array(
    'claire' => array(
        'first_name' => 'Claire', 'last_name' => 'Bernard', 'company' => '',
        'address_1' => '8 rue des Lilas', 'address_2' => 'Bâtiment B', 'city' => 'Paris', 'state' => '',
        'postcode' => '75011', 'country' => 'FR', 'email' => 'claire.bernard@fr.example.org', 'phone' => '+33 6 12 34 56 78',
    ),
    'tom' => array(
        'first_name' => 'Tom', 'last_name' => 'Baker', 'company' => 'Baker & Sons Ltd',
        'address_1' => '221 Baker Street', 'address_2' => '', 'city' => 'London', 'state' => '',
        'postcode' => 'NW1 6XE', 'country' => 'GB', 'email' => 'tom.baker@uk.example.com', 'phone' => '+44 20 7946 0958',
    ),
    // A guest: no account, only orders and a session.
    'yuki' => array(
        'first_name' => '由紀', 'last_name' => '田中', 'company' => '',
        'address_1' => '千代田区丸の内1-1', 'address_2' => '', 'city' => '東京都', 'state' => 'JP13',
        'postcode' => '100-0005', 'country' => 'JP', 'email' => 'yuki.tanaka@jp.example.net', 'phone' => '+81 3-1234-5678',
    ),
);

$user_ids = array('yuki' => 0);
foreach (array('claire', 'tom') as $login) {
    $person = $people[$login];
    $id = wp_insert_user(wp_slash(array(
        'user_login' => $login,
        'user_pass' => wp_generate_password(20),
        'user_email' => $person['email'],
        'first_name' => $person['first_name'],
        'last_name' => $person['last_name'],
        'role' => 'customer',
        'user_registered' => '2024-04-20 10:00:00',
    )));
    if (is_wp_error($id)) {
        fwrite(STDERR, "creating customer $login: " . $id->get_error_message() . "\n");
        exit(1);
    }
    $user_ids[$login] = $id;
    foreach (array('billing', 'shipping') as $type) {
        foreach ($person as $field => $value) {
            if ($type === 'shipping' && $field === 'email') {
                continue;
            }
            update_user_meta($id, "{$type}_{$field}", wp_slash($value));
        }
    }
    update_user_meta($id, 'wc_last_active', '1715299200');
    update_user_meta($id, 'paying_customer', '1');
    update_user_meta($id, '_woocommerce_persistent_cart_1', array('cart' => array(
        md5("cart-$login") => array('key' => md5("cart-$login"), 'product_id' => 0, 'variation_id' => 0, 'variation' => array(), 'quantity' => 1,
            'data_hash' => md5('product'), 'line_tax_data' => array('subtotal' => array(), 'total' => array()),
            'line_subtotal' => 12.5, 'line_subtotal_tax' => 0, 'line_total' => 12.5, 'line_tax' => 0),
    )));
}

/* Products --------------------------------------------------------------- */

$products = array();
foreach (array(
    array('Tasse à café', 'tasse-a-cafe', 'MUG-001', '12.50'),
    array('Tote bag 日本', 'tote-bag', 'BAG-002', '19.90'),
) as $spec) {
    list($title, $slug, $sku, $price) = $spec;
    $id = wp_insert_post(wp_slash(array(
        'post_type' => 'product',
        'post_status' => 'publish',
        'post_title' => $title,
        'post_name' => $slug,
        'post_date' => '2024-04-15 09:00:00',
        'post_content' => "<!-- wp:paragraph -->\n<p>$title — <a href=\"$home/shop/$slug/\">$home/shop/$slug/</a></p>\n<!-- /wp:paragraph -->",
    )), true);
    if (is_wp_error($id)) {
        fwrite(STDERR, "creating product $title: " . $id->get_error_message() . "\n");
        exit(1);
    }
    foreach (array('_sku' => $sku, '_price' => $price, '_regular_price' => $price, '_stock_status' => 'instock',
                   '_product_image_gallery' => '', '_product_url' => "$home/shop/$slug/") as $key => $value) {
        update_post_meta($id, $key, $value);
    }
    $products[] = array('id' => $id, 'title' => $title, 'price' => $price);
}

/* Orders ----------------------------------------------------------------- */

$user_agent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0';
$orders = array(
    array('person' => 'claire', 'date' => '2024-05-03 10:15:00', 'status' => 'wc-completed', 'ip' => '203.0.113.45',
          'items' => array(array(0, 2)), 'note' => 'Merci de sonner deux fois 🔔', 'transaction' => 'pi_3PAbCdEfGh000001'),
    array('person' => 'tom', 'date' => '2024-05-06 16:40:00', 'status' => 'wc-processing', 'ip' => '2001:db8:85a3::8a2e:370:7334',
          'items' => array(array(0, 1), array(1, 1)), 'note' => '', 'transaction' => 'pi_3PAbCdEfGh000002'),
    array('person' => 'yuki', 'date' => '2024-05-09 07:05:00', 'status' => 'wc-completed', 'ip' => '198.51.100.101',
          'items' => array(array(1, 3)), 'note' => '午前中に配達してください。', 'transaction' => 'pi_3PAbCdEfGh000003'),
);

$order_ids = array();
foreach ($orders as $n => $order) {
    $person = $people[$order['person']];
    $customer_id = $user_ids[$order['person']];
    $key = 'wc_order_' . substr(md5("order-$n"), 0, 13);
    $shipping = 4.90;
    $subtotal = 0.0;
    foreach ($order['items'] as $item) {
        $subtotal += $products[$item[0]]['price'] * $item[1];
    }
    $total = number_format($subtotal + $shipping, 2, '.', '');
    $timestamp = strtotime($order['date'] . ' UTC');
    $title = 'Order &ndash; ' . gmdate('F j, Y @ h:i A', $timestamp);

    $id = wp_insert_post(wp_slash(array(
        'post_type' => 'shop_order',
        'post_status' => $order['status'],
        'post_title' => $title,
        'post_name' => sanitize_title('order-' . gmdate('M-d-Y-hi-a', $timestamp)),
        'post_excerpt' => $order['note'],
        'post_password' => $key,
        'post_author' => 1,
        'post_date' => $order['date'],
        'comment_status' => 'closed',
        'ping_status' => 'closed',
    )), true);
    if (is_wp_error($id)) {
        fwrite(STDERR, "creating order $n: " . $id->get_error_message() . "\n");
        exit(1);
    }
    $order_ids[] = $id;

    $index = function ($type) use ($person) {
        $fields = array('first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country');
        if ($type === 'billing') {
            $fields[] = 'email';
        }
        $fields[] = 'phone';
        return implode(' ', array_map(function ($f) use ($person) { return $person[$f]; }, $fields));
    };
    $meta = array(
        '_order_key' => $key,
        '_customer_user' => $customer_id,
        '_payment_method' => 'stripe',
        '_payment_method_title' => 'Carte bancaire (Stripe)',
        '_transaction_id' => $order['transaction'],
        '_customer_ip_address' => $order['ip'],
        '_customer_user_agent' => $user_agent,
        '_created_via' => 'checkout',
        '_order_currency' => 'EUR',
        '_cart_discount' => '0',
        '_cart_discount_tax' => '0',
        '_order_shipping' => number_format($shipping, 2, '.', ''),
        '_order_shipping_tax' => '0',
        '_order_tax' => '0',
        '_order_total' => $total,
        '_order_version' => '8.9.3',
        '_prices_include_tax' => 'no',
        '_billing_address_index' => $index('billing'),
        '_shipping_address_index' => $index('shipping'),
        '_date_paid' => (string) $timestamp,
        '_paid_date' => $order['date'],
        '_recorded_sales' => 'yes',
        '_wc_order_attribution_source_type' => 'referral',
        '_wc_order_attribution_referrer' => 'https://www.google.com/',
        '_wc_order_attribution_session_entry' => "$home/shop/?utm_source=newsletter&utm_medium=email",
        '_wc_order_attribution_user_agent' => $user_agent,
    );
    foreach ($person as $field => $value) {
        $meta["_billing_$field"] = $value;
        if ($field !== 'email') {
            $meta["_shipping_$field"] = $value;
        }
    }
    foreach ($meta as $meta_key => $value) {
        update_post_meta($id, $meta_key, wp_slash($value));
    }

    // Line items and shipping.
    foreach ($order['items'] as $item) {
        list($product, $quantity) = $item;
        $line = $products[$product]['price'] * $quantity;
        $item_id = slipway_insert("{$p}woocommerce_order_items", array(
            'order_item_name' => $products[$product]['title'], 'order_item_type' => 'line_item', 'order_id' => $id));
        foreach (array('_product_id' => $products[$product]['id'], '_variation_id' => 0, '_qty' => $quantity,
                       '_tax_class' => '', '_line_subtotal' => $line, '_line_subtotal_tax' => 0, '_line_total' => $line,
                       '_line_tax' => 0, '_line_tax_data' => serialize(array('total' => array(), 'subtotal' => array()))) as $k => $v) {
            slipway_insert("{$p}woocommerce_order_itemmeta", array('order_item_id' => $item_id, 'meta_key' => $k, 'meta_value' => $v));
        }
    }
    $ship_id = slipway_insert("{$p}woocommerce_order_items", array(
        'order_item_name' => 'Colissimo', 'order_item_type' => 'shipping', 'order_id' => $id));
    foreach (array('method_id' => 'flat_rate', 'instance_id' => '1', 'cost' => '4.90', 'total_tax' => '0',
                   'taxes' => serialize(array('total' => array())), 'Articles' => 'Tasse à café &times; 1') as $k => $v) {
        slipway_insert("{$p}woocommerce_order_itemmeta", array('order_item_id' => $ship_id, 'meta_key' => $k, 'meta_value' => $v));
    }

    // Order notes are comments; WooCommerce signs them with the shop's address.
    foreach (array(
        array('Statut de la commande modifié de En attente de paiement à En cours.', 0),
        array("Merci pour votre commande, {$person['first_name']} ! Suivi : https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901", 1),
    ) as $note) {
        $note_id = wp_insert_comment(wp_slash(array(
            'comment_post_ID' => $id,
            'comment_author' => 'WooCommerce',
            'comment_author_email' => "woocommerce@$host",
            'comment_author_url' => '',
            'comment_author_IP' => '',
            'comment_agent' => 'WooCommerce',
            'comment_type' => 'order_note',
            'comment_approved' => 1,
            'comment_date' => $order['date'],
            'comment_date_gmt' => $order['date'],
            'comment_content' => $note[0],
        )));
        if ($note[1]) {
            add_comment_meta($note_id, 'is_customer_note', 1);
        }
    }

    // The same order in the High-Performance Order Storage tables, as
    // WooCommerce keeps it while it syncs both stores.
    slipway_insert("{$p}wc_orders", array(
        'id' => $id, 'status' => $order['status'], 'currency' => 'EUR', 'type' => 'shop_order',
        'tax_amount' => '0', 'total_amount' => $total, 'customer_id' => $customer_id,
        'billing_email' => $person['email'], 'date_created_gmt' => $order['date'], 'date_updated_gmt' => $order['date'],
        'parent_order_id' => 0, 'payment_method' => 'stripe', 'payment_method_title' => 'Carte bancaire (Stripe)',
        'transaction_id' => $order['transaction'], 'ip_address' => $order['ip'], 'user_agent' => $user_agent,
        'customer_note' => $order['note'],
    ));
    foreach (array('billing', 'shipping') as $type) {
        $row = array('order_id' => $id, 'address_type' => $type);
        foreach (array('first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country', 'phone') as $field) {
            $row[$field] = $person[$field];
        }
        $row['email'] = $type === 'billing' ? $person['email'] : null;
        slipway_insert("{$p}wc_order_addresses", $row);
    }
    slipway_insert("{$p}wc_order_operational_data", array(
        'order_id' => $id, 'created_via' => 'checkout', 'woocommerce_version' => '8.9.3', 'prices_include_tax' => 0,
        'coupon_usages_are_counted' => 1, 'download_permission_granted' => 1, 'cart_hash' => md5("cart-$n"),
        'new_order_email_sent' => 1, 'order_key' => $key, 'order_stock_reduced' => 1, 'date_paid_gmt' => $order['date'],
        'date_completed_gmt' => $order['status'] === 'wc-completed' ? $order['date'] : null,
        'shipping_tax_amount' => '0', 'shipping_total_amount' => number_format($shipping, 2, '.', ''),
        'discount_tax_amount' => '0', 'discount_total_amount' => '0', 'recorded_sales' => 1,
    ));
    foreach (array(
        '_wc_order_attribution_source_type' => 'referral',
        '_wc_order_attribution_referrer' => 'https://www.google.com/',
        '_wc_order_attribution_session_entry' => "$home/shop/?utm_source=newsletter&utm_medium=email",
        '_wc_order_attribution_user_agent' => $user_agent,
        '_stripe_customer_id' => 'cus_' . substr(md5($person['email']), 0, 14),
        'is_vat_exempt' => 'no',
    ) as $k => $v) {
        slipway_insert("{$p}wc_orders_meta", array('order_id' => $id, 'meta_key' => $k, 'meta_value' => $v));
    }
}

/* Customer lookup -------------------------------------------------------- */

foreach ($people as $login => $person) {
    slipway_insert("{$p}wc_customer_lookup", array(
        'user_id' => $user_ids[$login] ? $user_ids[$login] : null,
        'username' => $user_ids[$login] ? $login : '',
        'first_name' => $person['first_name'],
        'last_name' => $person['last_name'],
        'email' => $person['email'],
        'date_last_active' => '2024-05-10 00:00:00',
        'date_registered' => $user_ids[$login] ? '2024-04-20 10:00:00' : null,
        'country' => $person['country'],
        'postcode' => $person['postcode'],
        'city' => $person['city'],
        'state' => $person['state'],
    ));
}

/* Sessions --------------------------------------------------------------- */

// WooCommerce serializes each session entry, then the whole array: the
// customer entry is a serialized array inside a serialized array.
$session_keys = array();
foreach (array(
    (string) $user_ids['claire'] => 'claire',
    't_' . substr(md5('guest-yuki'), 0, 30) => 'yuki',
) as $session_key => $login) {
    $person = $people[$login];
    $customer = array('id' => (string) $user_ids[$login], 'date_modified' => '2024-05-10T08:00:00+00:00');
    foreach (array('postcode', 'city', 'address_1', 'address_2', 'state', 'country') as $field) {
        $customer[$field] = $person[$field];
    }
    $customer['address'] = $person['address_1'];
    foreach (array('postcode', 'city', 'address_1', 'address_2', 'state', 'country') as $field) {
        $customer["shipping_$field"] = $person[$field];
    }
    $customer['shipping_address'] = $person['address_1'];
    $customer += array(
        'is_vat_exempt' => '', 'calculated_shipping' => '1',
        'first_name' => $person['first_name'], 'last_name' => $person['last_name'], 'company' => $person['company'],
        'phone' => $person['phone'], 'email' => $person['email'],
        'shipping_first_name' => $person['first_name'], 'shipping_last_name' => $person['last_name'],
        'shipping_company' => $person['company'], 'shipping_phone' => $person['phone'],
    );
    $value = array(
        'cart' => serialize(array(md5("cart-$login") => array('key' => md5("cart-$login"), 'product_id' => $products[0]['id'],
            'variation_id' => 0, 'variation' => array(), 'quantity' => 1, 'line_total' => 12.5, 'line_tax' => 0))),
        'cart_totals' => serialize(array('subtotal' => '12.50', 'shipping_total' => '4.90', 'total' => '17.40')),
        'applied_coupons' => serialize(array()),
        'chosen_shipping_methods' => serialize(array('flat_rate:1')),
        'customer' => serialize($customer),
        'wc_notices' => null,
        'order_awaiting_payment' => null,
    );
    slipway_insert("{$p}woocommerce_sessions", array(
        'session_key' => (string) $session_key,
        'session_value' => serialize($value),
        'session_expiry' => 1893456000,
    ));
    $session_keys[] = (string) $session_key;
}

/* Options ---------------------------------------------------------------- */

foreach (array(
    'woocommerce_store_address' => '12 rue de la République',
    'woocommerce_store_city' => 'Lyon',
    'woocommerce_store_postcode' => '69002',
    'woocommerce_default_country' => 'FR',
    'woocommerce_currency' => 'EUR',
    'woocommerce_email_from_name' => 'Boutique Exemple',
    'woocommerce_email_from_address' => "shop@$host",
    'woocommerce_stock_email_recipient' => "stock@$host",
    'woocommerce_custom_orders_table_enabled' => 'yes',
    'woocommerce_custom_orders_table_data_sync_enabled' => 'yes',
    'woocommerce_version' => '8.9.3',
    'woocommerce_db_version' => '8.9.3',
    'woocommerce_new_order_settings' => array('enabled' => 'yes', 'recipient' => "orders@$host", 'subject' => '', 'heading' => ''),
) as $name => $value) {
    update_option($name, $value);
}

echo json_encode(array('orders' => $order_ids, 'sessions' => $session_keys, 'products' => array_column($products, 'id')));
