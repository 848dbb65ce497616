<?php
/*
 * Plugin Name: slipway test site
 * Description: Keeps a throwaway test site to itself: it sends no mail.
 *
 * Outgoing HTTP is already blocked by WP_HTTP_BLOCK_EXTERNAL in wp-config.php;
 * mail would go through a sendmail that test machines do not have.
 */
add_filter('pre_wp_mail', '__return_false');
