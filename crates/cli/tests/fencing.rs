//! Fencing end to end on real MariaDB, PHP-FPM, nginx, Redis and WordPress:
//! a shop's production is copied into a staging instance the way a derive
//! copies it (dump, rewrite to the staging address, load), the staging
//! instance runs fenced, and the checks are what a person would look at —
//! the trap after sending mail, the headers and robots of the pages, an
//! outgoing request, the login prompt of a protected copy, the shop's
//! payment and webhook settings. Production, next to it, has no fence at all.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use slipway_catalog::{Catalog, InstanceState};
use slipway_lifecycle::{
    apply_fence, basic_auth_for, hosts_for, FenceChangeKind, NewSite, Platform, Secrets,
};
use slipway_local::http::{get, Response};
use slipway_local::{free_port, Home, LocalRuntime};
use slipway_rewrite::{Mapping, Rewriter};
use slipway_runtime::{
    BasicAuth, CodeSource, EnvironmentType, Fence, Health, InstanceSpec, NetworkMode, PhpIo,
    PhpRun, Route, RouteFence, Runtime,
};
use slipway_testkit::{skip_or_fail, Components};

/// A state directory with a shop in production and a fenced staging copy;
/// its services are stopped when dropped.
struct Shop {
    home: tempfile::TempDir,
    platform: Platform<LocalRuntime>,
    production: String,
    staging: String,
    staging_url: String,
    network: Option<NetworkMode>,
    port: u16,
}

impl Drop for Shop {
    fn drop(&mut self) {
        let _ = self.platform.runtime().services().down();
    }
}

const SITE: &str = "shop";

/// The settings a live shop has: Stripe and PayPal taking real money, bank
/// transfer offered, a webhook posting every order to a fulfilment partner,
/// a pending subscription renewal, and search engines welcome.
const LIVE_SHOP: &str = r#"
update_option('woocommerce_stripe_settings', array(
    'enabled' => 'yes', 'title' => 'Credit Card (Stripe)', 'testmode' => 'no',
    'publishable_key' => 'pk_live_51Hx', 'secret_key' => 'sk_live_51Hx',
    'test_publishable_key' => 'pk_test_51Hx', 'test_secret_key' => 'sk_test_51Hx',
    'capture' => 'yes', 'payment_request' => 'yes'));
update_option('woocommerce_paypal_settings', array(
    'enabled' => 'yes', 'title' => 'PayPal', 'email' => 'payments@shop.example',
    'testmode' => 'no', 'debug' => 'no', 'receiver_email' => 'payments@shop.example'));
update_option('woocommerce_bacs_settings', array(
    'enabled' => 'yes', 'title' => 'Direct bank transfer', 'account_details' => ''));
update_option('blog_public', '1');
global $wpdb;
$p = $wpdb->prefix;
$collate = $wpdb->get_charset_collate();
$wpdb->query("CREATE TABLE {$p}wc_webhooks (
  webhook_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  status varchar(200) NOT NULL,
  name text NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  delivery_url text NOT NULL,
  secret text NOT NULL,
  topic varchar(200) NOT NULL,
  date_created datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  date_created_gmt datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  date_modified datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  date_modified_gmt datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  api_version smallint(4) NOT NULL,
  failure_count smallint(10) NOT NULL DEFAULT '0',
  pending_delivery tinyint(1) NOT NULL DEFAULT '0',
  PRIMARY KEY  (webhook_id),
  KEY user_id (user_id)
) $collate") or exit(1);
$wpdb->insert("{$p}wc_webhooks", array('status' => 'active', 'name' => 'Orders to fulfilment',
    'user_id' => 1, 'delivery_url' => 'https://fulfilment.example/hooks/orders', 'secret' => 'whsec',
    'topic' => 'order.created', 'api_version' => 3)) or exit(1);
$wpdb->query("CREATE TABLE {$p}actionscheduler_actions (
  action_id bigint(20) unsigned NOT NULL auto_increment,
  hook varchar(191) NOT NULL,
  status varchar(20) NOT NULL,
  scheduled_date_gmt datetime NULL default '0000-00-00 00:00:00',
  scheduled_date_local datetime NULL default '0000-00-00 00:00:00',
  priority tinyint unsigned NOT NULL default '10',
  args varchar(191),
  schedule longtext,
  group_id bigint(20) unsigned NOT NULL default '0',
  attempts int(11) NOT NULL default '0',
  last_attempt_gmt datetime NULL default '0000-00-00 00:00:00',
  last_attempt_local datetime NULL default '0000-00-00 00:00:00',
  claim_id bigint(20) unsigned NOT NULL default '0',
  extended_args varchar(8000) DEFAULT NULL,
  PRIMARY KEY  (action_id),
  KEY hook (hook(191)),
  KEY status (status)
) $collate") or exit(1);
foreach (array('woocommerce_scheduled_subscription_payment', 'woocommerce_cleanup_draft_orders') as $hook) {
    $wpdb->insert("{$p}actionscheduler_actions", array('hook' => $hook, 'status' => 'pending',
        'scheduled_date_gmt' => gmdate('Y-m-d H:i:s', time() + 3600), 'args' => '{"subscription_id":42}')) or exit(1);
}
echo 'ok';
"#;

impl Shop {
    /// Production created from WordPress core with [`LIVE_SHOP`]'s
    /// settings, and a staging copy of it; `None` (a panic in CI) when a
    /// component is missing.
    fn new() -> Option<Shop> {
        Shop::create(None, LIVE_SHOP, &[])
    }

    /// Production (a network with `subsites` if `network` is set) prepared
    /// by the PHP `prepare`, which prints `ok`, and a staging copy of it.
    fn create(network: Option<NetworkMode>, prepare: &str, subsites: &[&str]) -> Option<Shop> {
        let components = Components::require()?;
        if let Err(missing) = slipway_local::Programs::find() {
            return skip_or_fail(missing);
        }
        // Short: sockets live inside it.
        let home = tempfile::Builder::new()
            .prefix("sw-")
            .tempdir_in("/tmp")
            .unwrap();
        let port = free_port().unwrap();
        std::fs::write(
            home.path().join("config.toml"),
            format!(
                "http_port = {port}\nmariadb_port = {}\nredis_port = {}\n",
                free_port().unwrap(),
                free_port().unwrap()
            ),
        )
        .unwrap();
        let runtime = LocalRuntime::open(Home::at(home.path()), None).unwrap();
        let catalog = Catalog::open(&runtime.home().catalog()).unwrap();
        let secrets = Secrets::new(runtime.home().secrets_dir());
        let instances = runtime.home().instances_dir();
        let mut platform = Platform::new(runtime, catalog, secrets, instances);
        let created = platform
            .create_site(&NewSite {
                name: SITE.into(),
                title: Some("Fenced Shop".into()),
                admin_email: Some("owner@shop.example".into()),
                network,
                core: components.wordpress.clone(),
            })
            .unwrap();
        let mut shop = Shop {
            home,
            platform,
            production: created.instance,
            staging: String::new(),
            staging_url: String::new(),
            network,
            port,
        };
        let production = shop.production.clone();
        for subsite in subsites {
            let made = shop.php(
                &production,
                &format!("$id = wpmu_create_blog('{subsite}.{SITE}.localhost:{port}', '/', '{subsite}', 1); echo is_wp_error($id) ? $id->get_error_message() : 'ok';"),
            );
            assert_eq!(made, "ok");
        }
        assert_eq!(shop.php(&production, prepare), "ok");
        shop.copy_to_staging(&components, subsites);
        Some(shop)
    }

    /// What a derive does, by hand: a staging environment and instance in
    /// the catalog, provisioned fenced, production's database dumped,
    /// rewritten to the staging hosts (`news.shop.localhost` to
    /// `news.staging.shop.localhost`) and loaded, routed and answering.
    fn copy_to_staging(&mut self, components: &Components, subsites: &[&str]) {
        let runtime = self.platform.runtime();
        let url = runtime.default_url(SITE, "staging");
        let mut catalog = Catalog::open(&runtime.home().catalog()).unwrap();
        let instances = runtime.home().instances_dir();
        let instance = catalog
            .change(|c| -> Result<_, slipway_catalog::CatalogError> {
                c.add_environment(SITE, "staging", &url)?;
                c.add_instance(SITE, "staging", &instances)
            })
            .unwrap();
        let spec = InstanceSpec {
            id: instance.id.clone(),
            site: SITE.into(),
            environment: "staging".into(),
            url: url.clone(),
            db_name: instance.db_name.clone(),
            db_user: instance.db_user.clone(),
            table_prefix: "wp_".into(),
            network: self.network,
            code: CodeSource::Core(components.wordpress.clone()),
            fence: Fence::for_environment(EnvironmentType::Staging),
        };
        assert!(spec.fence.is_some());
        runtime.provision(&spec).unwrap();
        let dump = Command::new(&components.mariadb_dump)
            .arg("--no-defaults")
            .arg(format!(
                "--socket={}",
                runtime.home().mariadb_socket().display()
            ))
            .arg(format!(
                "--user={}",
                slipway_local::process::user_name().unwrap()
            ))
            .args(["--single-transaction", "shop_production_1"])
            .output()
            .unwrap();
        assert!(
            dump.status.success(),
            "{}",
            String::from_utf8_lossy(&dump.stderr)
        );
        let mut pairs = vec![Mapping {
            from: format!("{SITE}.localhost"),
            to: format!("staging.{SITE}.localhost"),
        }];
        pairs.extend(subsites.iter().map(|sub| Mapping {
            from: format!("{sub}.{SITE}.localhost"),
            to: format!("{sub}.staging.{SITE}.localhost"),
        }));
        let rewriter = Rewriter::new(&pairs).unwrap();
        let transform = slipway_transform::Transform::new(
            Some(rewriter),
            None,
            slipway_transform::Options::default(),
        );
        runtime
            .load_sql(&spec.id, &mut |out| {
                transform.run(&dump.stdout[..], out, &mut |_| {})?;
                Ok(())
            })
            .unwrap();
        self.staging = spec.id.clone();
        self.staging_url = url;
        self.route_staging(None);
        catalog
            .change(|c| -> Result<_, slipway_catalog::CatalogError> {
                c.set_instance_state(&spec.id, InstanceState::Ready)?;
                c.point_environment(SITE, "staging", &spec.id)
            })
            .unwrap();
    }

    /// Routes staging, protected or not, and waits until nginx's workers
    /// serve the new route: a reload takes effect in the background, and
    /// for a moment old workers still answer some requests.
    fn route_staging(&self, basic_auth: Option<BasicAuth>) {
        let runtime = self.platform.runtime();
        let protected = basic_auth.is_some();
        runtime
            .route(&Route {
                site: SITE.into(),
                environment: "staging".into(),
                instance: self
                    .platform
                    .catalog()
                    .instances(Some(SITE))
                    .unwrap()
                    .into_iter()
                    .find(|i| i.environment == "staging")
                    .unwrap()
                    .id,
                hosts: hosts_for(&self.staging_url, self.network),
                network: self.network,
                fence: RouteFence::for_environment(EnvironmentType::Staging, basic_auth),
                frozen: false,
            })
            .unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let mut in_a_row = 0;
        loop {
            let r = self.get("staging.shop.localhost", "/", &[]);
            let served = if protected {
                r.status == 401
            } else {
                r.status == 200 && r.header("x-robots-tag").is_some()
            };
            in_a_row = if served { in_a_row + 1 } else { 0 };
            if in_a_row == 5 {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "staging is not served as routed: {} {:?}",
                r.status,
                r.headers
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn runtime(&self) -> &LocalRuntime {
        self.platform.runtime()
    }

    /// Runs PHP with WordPress loaded in `instance`; it must succeed.
    fn php(&self, instance: &str, code: &str) -> String {
        let mut script = tempfile::Builder::new().suffix(".php").tempfile().unwrap();
        write!(script, "<?php\n{code}").unwrap();
        let out = self
            .runtime()
            .run_php(
                instance,
                &PhpRun {
                    script: script.path(),
                    args: &[],
                    load_wordpress: true,
                    url: None,
                    input: None,
                    io: PhpIo::Capture,
                },
            )
            .unwrap();
        assert!(
            out.success(),
            "PHP failed in {instance}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn sql(&self, instance: &str, sql: &str) -> String {
        self.runtime()
            .run_sql(instance, sql)
            .unwrap()
            .trim()
            .to_string()
    }

    fn get(&self, env_host: &str, path: &str, headers: &[(&str, &str)]) -> Response {
        let host = format!("{env_host}:{}", self.port);
        get(self.port, &host, path, headers, Duration::from_secs(60)).unwrap()
    }

    /// `slipway ARGS` on this state directory; it must succeed.
    fn slipway(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_slipway"))
            .args(args)
            .env("SLIPWAY_HOME", self.home.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "slipway {} failed: {}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn instance_dir(&self, instance: &str) -> PathBuf {
        self.runtime().home().instance_dir(instance)
    }
}

fn headers_named<'a>(r: &'a Response, name: &str) -> Vec<&'a str> {
    r.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

#[test]
fn staging_mail_lands_in_its_trap_and_goes_nowhere_else() {
    let Some(shop) = Shop::new() else { return };
    let staging = shop.staging.clone();
    // A plugin that would send through its own API from pre_wp_mail, and an
    // SMTP plugin pointing PHPMailer at a server: neither gets the message.
    let sent = shop.php(
        &staging,
        r#"
        add_filter('pre_wp_mail', function () { echo 'API SEND '; return true; });
        add_action('phpmailer_init', function ($m) { $m->isSMTP(); $m->Host = '192.0.2.1'; $m->Port = 25; $m->Timeout = 3; });
        $ok = wp_mail('Ann Customer <ann@customer.example>', 'Your order #1042 has shipped', 'It is on its way.', array('Cc: bob@customer.example'));
        echo $ok ? 'sent' : 'failed';
        "#,
    );
    assert_eq!(
        sent, "sent",
        "wp_mail reports success, and no plugin sent it"
    );
    let sent = shop.php(
        &staging,
        "echo mail('carl@customer.example', 'Plain mail()', 'Hello from PHP') ? 'sent' : 'failed';",
    );
    assert_eq!(sent, "sent");
    // And from a page view, through the instance's PHP-FPM pool.
    let docroot = shop.instance_dir(&staging).join("htdocs");
    std::fs::write(
        docroot.join("mail-from-web.php"),
        "<?php require __DIR__ . '/wp-load.php'; echo wp_mail('dora@customer.example', 'Sent from a request', 'Hi') ? 'sent' : 'failed';",
    )
    .unwrap();
    let page = shop.get("staging.shop.localhost", "/mail-from-web.php", &[]);
    assert_eq!(page.text(), "sent", "{:?}", page.headers);

    let listed: serde_json::Value =
        serde_json::from_str(&shop.slipway(&["mail", "shop/staging", "--json"])).unwrap();
    let listed = listed.as_array().unwrap();
    let subjects: Vec<&str> = listed
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "Your order #1042 has shipped",
            "Plain mail()",
            "Sent from a request"
        ]
    );
    let first = &listed[0];
    let to: Vec<&str> = first["to"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        to.iter().any(|t| t.contains("ann@customer.example")),
        "{to:?}"
    );
    assert!(
        to.iter().any(|t| t.contains("bob@customer.example")),
        "{to:?}"
    );
    assert!(
        first["from"]
            .as_str()
            .unwrap()
            .contains("@staging.shop.localhost"),
        "WordPress' own From, as it would have sent it: {first}"
    );
    let file = Path::new(first["file"].as_str().unwrap());
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(file).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);

    let table = shop.slipway(&["mail", "shop/staging"]);
    assert!(table.contains("Your order #1042 has shipped"), "{table}");
    let whole = shop.slipway(&["mail", "shop/staging", "--show", "1"]);
    assert!(whole.contains("It is on its way."), "{whole}");
    assert!(
        whole.contains("Subject: Your order #1042 has shipped"),
        "{whole}"
    );

    // Production has no trap and no fence: its mail() is PHP's own.
    let production = shop.production.clone();
    assert!(!shop.instance_dir(&production).join("mail").exists());
    let pool = std::fs::read_to_string(
        shop.runtime()
            .home()
            .php_dir()
            .join(format!("pools/{production}.conf")),
    )
    .unwrap();
    assert!(!pool.contains("sendmail_path"), "{pool}");
    let sendmail = shop.php(&production, "echo ini_get('sendmail_path');");
    assert!(
        !sendmail.contains("mail-trap"),
        "production's sendmail is the system's: {sendmail}"
    );
    assert_eq!(
        shop.slipway(&["mail", "shop", "--json"]).trim(),
        "[]",
        "production traps nothing"
    );
}

#[test]
fn staging_keeps_search_engines_and_the_outside_world_away() {
    let Some(shop) = Shop::new() else { return };
    let (staging, production) = (shop.staging.clone(), shop.production.clone());
    let page = shop.get("staging.shop.localhost", "/", &[]);
    assert_eq!(headers_named(&page, "x-robots-tag"), ["noindex, nofollow"]);
    assert!(
        page.text()
            .contains("<meta name='robots' content='noindex, nofollow"),
        "the robots meta tag"
    );
    let again = shop.get("staging.shop.localhost", "/", &[]);
    assert_eq!(
        headers_named(&again, "x-robots-tag"),
        ["noindex, nofollow"],
        "cached pages too"
    );
    let login = shop.get("staging.shop.localhost", "/wp-login.php", &[]);
    assert_eq!(headers_named(&login, "x-robots-tag"), ["noindex, nofollow"]);
    let robots = shop.get("staging.shop.localhost", "/robots.txt", &[]);
    assert!(robots.text().contains("Disallow: /"), "{}", robots.text());
    assert_eq!(shop.php(&staging, "echo get_option('blog_public');"), "0");

    let refused = shop.php(
        &staging,
        "$r = wp_remote_post('https://api.payments.example/v1/charges', array('body' => array('amount' => 4200))); echo is_wp_error($r) ? $r->get_error_message() : 'reached';",
    );
    assert!(refused.contains("blocked"), "{refused}");
    let own = shop.php(
        &staging,
        "$r = wp_remote_get(home_url('/')); echo is_wp_error($r) ? $r->get_error_message() : wp_remote_retrieve_response_code($r);",
    );
    assert_eq!(own, "200", "the copy may still call itself");
    // WP-Cron never runs an event that calls out.
    let ready = shop.php(
        &staging,
        "wp_schedule_single_event(time() - 60, 'wp_version_check'); wp_schedule_single_event(time() - 60, 'shop_local_cleanup');
         $hooks = array(); foreach (wp_get_ready_cron_jobs() as $events) { $hooks = array_merge($hooks, array_keys($events)); }
         echo implode(',', array_unique($hooks));",
    );
    assert!(ready.contains("shop_local_cleanup"), "{ready}");
    assert!(!ready.contains("wp_version_check"), "{ready}");

    // Production, beside it, is as it always was.
    let live = shop.get("shop.localhost", "/", &[]);
    assert_eq!(live.status, 200);
    assert!(
        headers_named(&live, "x-robots-tag").is_empty(),
        "{:?}",
        live.headers
    );
    assert_eq!(
        shop.php(&production, "echo get_option('blog_public');"),
        "1"
    );
    let config =
        std::fs::read_to_string(shop.instance_dir(&production).join("wp-config.php")).unwrap();
    assert!(!config.contains("SLIPWAY_FENCED") && !config.contains("WP_HTTP_BLOCK_EXTERNAL"));
    assert!(!shop
        .instance_dir(&production)
        .join("htdocs/wp-content/mu-plugins/slipway-fence.php")
        .exists());
}

#[test]
fn a_protected_copy_asks_for_its_credentials() {
    let Some(shop) = Shop::new() else { return };
    let auth = basic_auth_for(shop.platform.secrets(), SITE, "staging").unwrap();
    shop.route_staging(Some(auth.clone()));
    let secret = shop.platform.secrets().path(SITE, "staging-basic-auth");
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&secret).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);

    let denied = shop.get("staging.shop.localhost", "/", &[]);
    assert_eq!(denied.status, 401);
    assert_eq!(
        headers_named(&denied, "x-robots-tag"),
        ["noindex, nofollow"]
    );
    let wrong = basic(&auth.user, "not-the-password");
    assert_eq!(
        shop.get("staging.shop.localhost", "/", &[("Authorization", &wrong)])
            .status,
        401
    );
    let right = basic(&auth.user, &auth.password);
    let page = shop.get("staging.shop.localhost", "/", &[("Authorization", &right)]);
    assert_eq!(page.status, 200, "{:?}", page.headers);
    assert!(page.text().contains("Fenced Shop"));
    // slipway's own health checks still see the page.
    let url = format!("{}/", shop.staging_url);
    assert_eq!(
        shop.runtime().health(&shop.staging, &url).unwrap(),
        Health::Healthy
    );
    // No password in any configuration nginx reads.
    let nginx = shop.runtime().home().nginx_dir();
    let route = std::fs::read_to_string(nginx.join("sites/shop--staging.conf")).unwrap();
    let htpasswd = std::fs::read_to_string(nginx.join("auth/shop--staging")).unwrap();
    assert!(!route.contains(&auth.password) && !htpasswd.contains(&auth.password));
    assert!(htpasswd.starts_with("slipway:{SSHA}"), "{htpasswd}");

    // Lifting the protection opens the copy again and drops the hash.
    shop.route_staging(None);
    assert_eq!(shop.get("staging.shop.localhost", "/", &[]).status, 200);
    assert!(!nginx.join("auth/shop--staging").exists());
    // Production never asked.
    assert_eq!(shop.get("shop.localhost", "/", &[]).status, 200);
}

#[test]
fn the_copy_of_a_live_shop_takes_no_money_and_calls_no_webhook() {
    let Some(shop) = Shop::new() else { return };
    let (staging, production) = (shop.staging.clone(), shop.production.clone());
    // As if someone had pressed "enable automatic payments" on this copy.
    shop.php(
        &staging,
        "$u = get_site_url(); $s = 'http://'; $rest = substr($u, strlen($s));
         update_option('wc_subscriptions_siteurl', $s . substr_replace($rest, '_[wc_subscriptions_siteurl]_', intdiv(strlen($rest), 2), 0)); echo 'ok';",
    );
    // Before the database is fenced, the running copy already reads its
    // gateways as in test mode; production reads them as they are.
    let read = |instance: &str, option: &str| {
        shop.php(
            instance,
            &format!("$v = get_option('{option}'); echo $v['testmode'];"),
        )
    };
    assert_eq!(read(&staging, "woocommerce_stripe_settings"), "yes");
    assert_eq!(read(&staging, "woocommerce_paypal_settings"), "yes");
    assert_eq!(read(&production, "woocommerce_stripe_settings"), "no");

    let report = apply_fence(shop.runtime(), &staging).unwrap();
    let items = |kind| -> Vec<String> { report.of_kind(kind).map(|c| c.item.clone()).collect() };
    assert_eq!(
        items(FenceChangeKind::SearchEnginesBlocked),
        ["blog_public=0"]
    );
    let test_mode = items(FenceChangeKind::GatewayTestMode);
    assert_eq!(test_mode.len(), 2, "{report:?}");
    assert!(
        test_mode[0].starts_with("stripe") && test_mode[1].starts_with("paypal"),
        "{test_mode:?}"
    );
    assert_eq!(
        items(FenceChangeKind::WebhookPaused),
        ["#1 Orders to fulfilment"]
    );
    assert_eq!(
        items(FenceChangeKind::SubscriptionsStaging),
        ["wc_subscriptions_siteurl"]
    );
    assert_eq!(
        items(FenceChangeKind::ActionsCancelled),
        ["woocommerce_scheduled_subscription_payment x1"]
    );

    let settings = |instance: &str, option: &str, key: &str| {
        shop.php(instance, &format!("global $wpdb; $v = maybe_unserialize($wpdb->get_var(\"SELECT option_value FROM {{$wpdb->options}} WHERE option_name = '{option}'\")); echo $v['{key}'];"))
    };
    assert_eq!(
        settings(&staging, "woocommerce_stripe_settings", "testmode"),
        "yes"
    );
    assert_eq!(
        settings(&staging, "woocommerce_stripe_settings", "enabled"),
        "yes"
    );
    assert_eq!(
        settings(&staging, "woocommerce_paypal_settings", "testmode"),
        "yes"
    );
    assert_eq!(
        settings(&staging, "woocommerce_bacs_settings", "enabled"),
        "yes",
        "offline gateways stay"
    );
    assert_eq!(
        shop.sql(&staging, "SELECT status FROM wp_wc_webhooks"),
        "paused"
    );
    assert_eq!(
        shop.sql(&staging, "SELECT hook, status FROM wp_actionscheduler_actions ORDER BY action_id"),
        "woocommerce_scheduled_subscription_payment\tcanceled\nwoocommerce_cleanup_draft_orders\tpending"
    );
    assert_eq!(
        shop.sql(
            &staging,
            "SELECT option_value FROM wp_options WHERE option_name = 'blog_public'"
        ),
        "0"
    );
    let lock = shop.sql(
        &staging,
        "SELECT option_value FROM wp_options WHERE option_name = 'wc_subscriptions_siteurl'",
    );
    assert!(
        !lock
            .replace("_[wc_subscriptions_siteurl]_", "")
            .contains("staging.shop.localhost"),
        "{lock}"
    );
    // The serialized settings still unserialize: nothing was broken.
    assert_eq!(
        shop.php(
            &staging,
            "echo is_array(get_option('woocommerce_stripe_settings')) ? 'array' : 'broken';"
        ),
        "array"
    );

    // Applying it again changes nothing.
    let again = apply_fence(shop.runtime(), &staging).unwrap();
    assert!(again.changes.is_empty(), "{again:?}");

    // Production keeps taking real money, and refuses to be fenced.
    assert_eq!(
        settings(&production, "woocommerce_stripe_settings", "testmode"),
        "no"
    );
    assert_eq!(
        shop.sql(&production, "SELECT status FROM wp_wc_webhooks"),
        "active"
    );
    let refused = apply_fence(shop.runtime(), &production)
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("refusing to fence a production instance"),
        "{refused}"
    );
    assert_eq!(
        settings(&production, "woocommerce_paypal_settings", "testmode"),
        "no"
    );
}

#[test]
fn every_site_of_a_network_copy_is_fenced() {
    let prepare = "foreach (get_sites(array('fields' => 'ids')) as $id) { update_blog_option($id, 'blog_public', '1'); } echo 'ok';";
    let Some(shop) = Shop::create(Some(NetworkMode::Subdomain), prepare, &["news"]) else {
        return;
    };
    let (staging, production) = (shop.staging.clone(), shop.production.clone());
    let page = shop.get("news.staging.shop.localhost", "/", &[]);
    assert_eq!(page.status, 200, "{:?}", page.headers);
    assert!(page.text().contains("<title>news"), "the subsite itself");
    assert_eq!(headers_named(&page, "x-robots-tag"), ["noindex, nofollow"]);
    assert_eq!(
        shop.php(
            &staging,
            "echo get_blog_option(1, 'blog_public'), get_blog_option(2, 'blog_public');"
        ),
        "00",
        "every site reads as hidden from search engines"
    );
    let refused = shop.php(
        &staging,
        "switch_to_blog(2); $r = wp_remote_get('http://partner.example/feed'); echo is_wp_error($r) ? $r->get_error_message() : 'reached';",
    );
    assert!(refused.contains("blocked"), "{refused}");
    let own = shop.php(
        &staging,
        "$r = wp_remote_get(get_home_url(2, '/')); echo is_wp_error($r) ? $r->get_error_message() : wp_remote_retrieve_response_code($r);",
    );
    assert_eq!(own, "200", "a subsite of the copy may be called");

    let report = apply_fence(shop.runtime(), &staging).unwrap();
    let hidden: Vec<&str> = report
        .of_kind(FenceChangeKind::SearchEnginesBlocked)
        .map(|c| c.site.as_str())
        .collect();
    let port = shop.port;
    assert_eq!(
        hidden,
        [
            format!("http://staging.shop.localhost:{port}"),
            format!("http://news.staging.shop.localhost:{port}")
        ]
    );
    for table in ["wp_options", "wp_2_options"] {
        let query = format!("SELECT option_value FROM {table} WHERE option_name = 'blog_public'");
        assert_eq!(shop.sql(&staging, &query), "0", "{table} of the copy");
        assert_eq!(shop.sql(&production, &query), "1", "{table} of production");
    }
    let live = shop.get("news.shop.localhost", "/", &[]);
    assert_eq!(live.status, 200);
    assert!(headers_named(&live, "x-robots-tag").is_empty());
}

/// An `Authorization` header value for basic auth.
fn basic(user: &str, password: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = format!("{user}:{password}").into_bytes();
    let mut out = String::from("Basic ");
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
