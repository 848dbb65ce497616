/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: shop
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `wp_commentmeta`
--

DROP TABLE IF EXISTS `wp_commentmeta`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_commentmeta` (
  `meta_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `comment_id` bigint(20) unsigned NOT NULL DEFAULT 0,
  `meta_key` varchar(255) DEFAULT NULL,
  `meta_value` longtext DEFAULT NULL,
  PRIMARY KEY (`meta_id`),
  KEY `comment_id` (`comment_id`),
  KEY `meta_key` (`meta_key`(191))
) ENGINE=InnoDB AUTO_INCREMENT=6 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_commentmeta`
--

LOCK TABLES `wp_commentmeta` WRITE;
/*!40000 ALTER TABLE `wp_commentmeta` DISABLE KEYS */;
INSERT INTO `wp_commentmeta` VALUES
(1,2,'rating','5'),
(2,5,'akismet_history','a:3:{s:4:\"time\";d:1714856700.12;s:5:\"event\";s:9:\"check-ham\";s:4:\"user\";s:0:\"\";}'),
(3,9,'is_customer_note','1'),
(4,11,'is_customer_note','1'),
(5,13,'is_customer_note','1');
/*!40000 ALTER TABLE `wp_commentmeta` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_comments`
--

DROP TABLE IF EXISTS `wp_comments`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_comments` (
  `comment_ID` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `comment_post_ID` bigint(20) unsigned NOT NULL DEFAULT 0,
  `comment_author` tinytext NOT NULL,
  `comment_author_email` varchar(100) NOT NULL DEFAULT '',
  `comment_author_url` varchar(200) NOT NULL DEFAULT '',
  `comment_author_IP` varchar(100) NOT NULL DEFAULT '',
  `comment_date` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `comment_date_gmt` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `comment_content` text NOT NULL,
  `comment_karma` int(11) NOT NULL DEFAULT 0,
  `comment_approved` varchar(20) NOT NULL DEFAULT '1',
  `comment_agent` varchar(255) NOT NULL DEFAULT '',
  `comment_type` varchar(20) NOT NULL DEFAULT 'comment',
  `comment_parent` bigint(20) unsigned NOT NULL DEFAULT 0,
  `user_id` bigint(20) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (`comment_ID`),
  KEY `comment_post_ID` (`comment_post_ID`),
  KEY `comment_approved_date_gmt` (`comment_approved`,`comment_date_gmt`),
  KEY `comment_date_gmt` (`comment_date_gmt`),
  KEY `comment_parent` (`comment_parent`),
  KEY `comment_author_email` (`comment_author_email`(10))
) ENGINE=InnoDB AUTO_INCREMENT=14 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_comments`
--

LOCK TABLES `wp_comments` WRITE;
/*!40000 ALTER TABLE `wp_comments` DISABLE KEYS */;
INSERT INTO `wp_comments` VALUES
(1,1,'A WordPress Commenter','wapuu@wordpress.example','https://wordpress.org/','','2026-11-22 00:22:19','2026-11-22 00:22:19','Hi, this is a comment.\nTo get started with moderating, editing, and deleting comments, please visit the Comments screen in the dashboard.\nCommenter avatars come from <a href=\"https://en.gravatar.com/\">Gravatar</a>.',0,'1','','comment',0,0),
(2,5,'Sophie Martin','sophie.martin@fr.example.org','https://sophie-martin.example.org','203.0.113.10','2024-05-05 14:00:00','2024-05-05 14:00:00','Superbe boutique ! J\'ai commandé la tasse : https://shop.example.com/shop/mug/',0,'1','Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0','comment',0,0),
(3,5,'Marie Dupont','marie.dupont@example.net','https://marie-dupont.example.net','198.51.100.23','2024-05-05 15:30:00','2024-05-05 15:30:00','Merci Sophie ! 😊',0,'1','Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15','comment',2,2),
(4,5,'Bob Buyer','bob.buyer@example.com','https://bob-buyer.example.com','192.0.2.77','2024-05-06 09:12:00','2024-05-06 09:12:00','Great shop! Mail me at bob.buyer@example.com when the mugs are back.',0,'1','Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36','comment',0,0),
(5,6,'佐藤 花子','hanako.sato@jp.example.net','','2001:db8::42','2024-05-04 21:05:00','2024-05-04 21:05:00','素敵ですね！また来ます 🌸',0,'1','Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148','comment',0,0),
(6,7,'Boutique Exemple','','https://shop.example.com/?p=5','127.0.0.1','2024-05-10 12:05:00','2024-05-10 12:05:00','[&#8230;] See the <a href=\"https://shop.example.com/?p=7\">summer sale</a> [&#8230;]',0,'1','WordPress/6.1.9; https://shop.example.com','pingback',0,0),
(7,7,'Cheap Watches','offers@spam.example','http://spam.example/watches','192.0.2.200','2024-05-11 03:33:00','2024-05-11 03:33:00','Buy now http://spam.example/watches',0,'spam','curl/8.5.0','comment',0,0),
(8,21,'WooCommerce','woocommerce@shop.example.com','','','2024-05-03 10:15:00','2024-05-03 10:15:00','Statut de la commande modifié de En attente de paiement à En cours.',0,'1','WooCommerce','order_note',0,0),
(9,21,'WooCommerce','woocommerce@shop.example.com','','','2024-05-03 10:15:00','2024-05-03 10:15:00','Merci pour votre commande, Claire ! Suivi : https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901',0,'1','WooCommerce','order_note',0,0),
(10,22,'WooCommerce','woocommerce@shop.example.com','','','2024-05-06 16:40:00','2024-05-06 16:40:00','Statut de la commande modifié de En attente de paiement à En cours.',0,'1','WooCommerce','order_note',0,0),
(11,22,'WooCommerce','woocommerce@shop.example.com','','','2024-05-06 16:40:00','2024-05-06 16:40:00','Merci pour votre commande, Tom ! Suivi : https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901',0,'1','WooCommerce','order_note',0,0),
(12,23,'WooCommerce','woocommerce@shop.example.com','','','2024-05-09 07:05:00','2024-05-09 07:05:00','Statut de la commande modifié de En attente de paiement à En cours.',0,'1','WooCommerce','order_note',0,0),
(13,23,'WooCommerce','woocommerce@shop.example.com','','','2024-05-09 07:05:00','2024-05-09 07:05:00','Merci pour votre commande, 由紀 ! Suivi : https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901',0,'1','WooCommerce','order_note',0,0);
/*!40000 ALTER TABLE `wp_comments` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_links`
--

DROP TABLE IF EXISTS `wp_links`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_links` (
  `link_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `link_url` varchar(255) NOT NULL DEFAULT '',
  `link_name` varchar(255) NOT NULL DEFAULT '',
  `link_image` varchar(255) NOT NULL DEFAULT '',
  `link_target` varchar(25) NOT NULL DEFAULT '',
  `link_description` varchar(255) NOT NULL DEFAULT '',
  `link_visible` varchar(20) NOT NULL DEFAULT 'Y',
  `link_owner` bigint(20) unsigned NOT NULL DEFAULT 1,
  `link_rating` int(11) NOT NULL DEFAULT 0,
  `link_updated` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `link_rel` varchar(255) NOT NULL DEFAULT '',
  `link_notes` mediumtext NOT NULL,
  `link_rss` varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY (`link_id`),
  KEY `link_visible` (`link_visible`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_links`
--

LOCK TABLES `wp_links` WRITE;
/*!40000 ALTER TABLE `wp_links` DISABLE KEYS */;
/*!40000 ALTER TABLE `wp_links` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_options`
--

DROP TABLE IF EXISTS `wp_options`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_options` (
  `option_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `option_name` varchar(191) NOT NULL DEFAULT '',
  `option_value` longtext NOT NULL,
  `autoload` varchar(20) NOT NULL DEFAULT 'yes',
  PRIMARY KEY (`option_id`),
  UNIQUE KEY `option_name` (`option_name`),
  KEY `autoload` (`autoload`)
) ENGINE=InnoDB AUTO_INCREMENT=140 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_options`
--

LOCK TABLES `wp_options` WRITE;
/*!40000 ALTER TABLE `wp_options` DISABLE KEYS */;
INSERT INTO `wp_options` VALUES
(1,'siteurl','https://shop.example.com','yes'),
(2,'home','https://shop.example.com','yes'),
(3,'blogname','Boutique Exemple','yes'),
(4,'blogdescription','','yes'),
(5,'users_can_register','0','yes'),
(6,'admin_email','admin@shop.example.com','yes'),
(7,'start_of_week','1','yes'),
(8,'use_balanceTags','0','yes'),
(9,'use_smilies','1','yes'),
(10,'require_name_email','1','yes'),
(11,'comments_notify','1','yes'),
(12,'posts_per_rss','10','yes'),
(13,'rss_use_excerpt','0','yes'),
(14,'mailserver_url','mail.example.com','yes'),
(15,'mailserver_login','login@example.com','yes'),
(16,'mailserver_pass','password','yes'),
(17,'mailserver_port','110','yes'),
(18,'default_category','1','yes'),
(19,'default_comment_status','open','yes'),
(20,'default_ping_status','open','yes'),
(21,'default_pingback_flag','1','yes'),
(22,'posts_per_page','10','yes'),
(23,'date_format','F j, Y','yes'),
(24,'time_format','g:i a','yes'),
(25,'links_updated_date_format','F j, Y g:i a','yes'),
(26,'comment_moderation','0','yes'),
(27,'moderation_notify','1','yes'),
(28,'permalink_structure','/%postname%/','yes'),
(29,'rewrite_rules','a:78:{s:11:\"^wp-json/?$\";s:22:\"index.php?rest_route=/\";s:14:\"^wp-json/(.*)?\";s:33:\"index.php?rest_route=/$matches[1]\";s:21:\"^index.php/wp-json/?$\";s:22:\"index.php?rest_route=/\";s:24:\"^index.php/wp-json/(.*)?\";s:33:\"index.php?rest_route=/$matches[1]\";s:17:\"^wp-sitemap\\.xml$\";s:23:\"index.php?sitemap=index\";s:17:\"^wp-sitemap\\.xsl$\";s:36:\"index.php?sitemap-stylesheet=sitemap\";s:23:\"^wp-sitemap-index\\.xsl$\";s:34:\"index.php?sitemap-stylesheet=index\";s:48:\"^wp-sitemap-([a-z]+?)-([a-z\\d_-]+?)-(\\d+?)\\.xml$\";s:75:\"index.php?sitemap=$matches[1]&sitemap-subtype=$matches[2]&paged=$matches[3]\";s:34:\"^wp-sitemap-([a-z]+?)-(\\d+?)\\.xml$\";s:47:\"index.php?sitemap=$matches[1]&paged=$matches[2]\";s:12:\"robots\\.txt$\";s:18:\"index.php?robots=1\";s:13:\"favicon\\.ico$\";s:19:\"index.php?favicon=1\";s:48:\".*wp-(atom|rdf|rss|rss2|feed|commentsrss2)\\.php$\";s:18:\"index.php?feed=old\";s:20:\".*wp-app\\.php(/.*)?$\";s:19:\"index.php?error=403\";s:18:\".*wp-register.php$\";s:23:\"index.php?register=true\";s:32:\"feed/(feed|rdf|rss|rss2|atom)/?$\";s:27:\"index.php?&feed=$matches[1]\";s:27:\"(feed|rdf|rss|rss2|atom)/?$\";s:27:\"index.php?&feed=$matches[1]\";s:8:\"embed/?$\";s:21:\"index.php?&embed=true\";s:20:\"page/?([0-9]{1,})/?$\";s:28:\"index.php?&paged=$matches[1]\";s:41:\"comments/feed/(feed|rdf|rss|rss2|atom)/?$\";s:42:\"index.php?&feed=$matches[1]&withcomments=1\";s:36:\"comments/(feed|rdf|rss|rss2|atom)/?$\";s:42:\"index.php?&feed=$matches[1]&withcomments=1\";s:17:\"comments/embed/?$\";s:21:\"index.php?&embed=true\";s:44:\"search/(.+)/feed/(feed|rdf|rss|rss2|atom)/?$\";s:40:\"index.php?s=$matches[1]&feed=$matches[2]\";s:39:\"search/(.+)/(feed|rdf|rss|rss2|atom)/?$\";s:40:\"index.php?s=$matches[1]&feed=$matches[2]\";s:20:\"search/(.+)/embed/?$\";s:34:\"index.php?s=$matches[1]&embed=true\";s:32:\"search/(.+)/page/?([0-9]{1,})/?$\";s:41:\"index.php?s=$matches[1]&paged=$matches[2]\";s:14:\"search/(.+)/?$\";s:23:\"index.php?s=$matches[1]\";s:47:\"author/([^/]+)/feed/(feed|rdf|rss|rss2|atom)/?$\";s:50:\"index.php?author_name=$matches[1]&feed=$matches[2]\";s:42:\"author/([^/]+)/(feed|rdf|rss|rss2|atom)/?$\";s:50:\"index.php?author_name=$matches[1]&feed=$matches[2]\";s:23:\"author/([^/]+)/embed/?$\";s:44:\"index.php?author_name=$matches[1]&embed=true\";s:35:\"author/([^/]+)/page/?([0-9]{1,})/?$\";s:51:\"index.php?author_name=$matches[1]&paged=$matches[2]\";s:17:\"author/([^/]+)/?$\";s:33:\"index.php?author_name=$matches[1]\";s:69:\"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/feed/(feed|rdf|rss|rss2|atom)/?$\";s:80:\"index.php?year=$matches[1]&monthnum=$matches[2]&day=$matches[3]&feed=$matches[4]\";s:64:\"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/(feed|rdf|rss|rss2|atom)/?$\";s:80:\"index.php?year=$matches[1]&monthnum=$matches[2]&day=$matches[3]&feed=$matches[4]\";s:45:\"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/embed/?$\";s:74:\"index.php?year=$matches[1]&monthnum=$matches[2]&day=$matches[3]&embed=true\";s:57:\"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/page/?([0-9]{1,})/?$\";s:81:\"index.php?year=$matches[1]&monthnum=$matches[2]&day=$matches[3]&paged=$matches[4]\";s:39:\"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})/?$\";s:63:\"index.php?year=$matches[1]&monthnum=$matches[2]&day=$matches[3]\";s:56:\"([0-9]{4})/([0-9]{1,2})/feed/(feed|rdf|rss|rss2|atom)/?$\";s:64:\"index.php?year=$matches[1]&monthnum=$matches[2]&feed=$matches[3]\";s:51:\"([0-9]{4})/([0-9]{1,2})/(feed|rdf|rss|rss2|atom)/?$\";s:64:\"index.php?year=$matches[1]&monthnum=$matches[2]&feed=$matches[3]\";s:32:\"([0-9]{4})/([0-9]{1,2})/embed/?$\";s:58:\"index.php?year=$matches[1]&monthnum=$matches[2]&embed=true\";s:44:\"([0-9]{4})/([0-9]{1,2})/page/?([0-9]{1,})/?$\";s:65:\"index.php?year=$matches[1]&monthnum=$matches[2]&paged=$matches[3]\";s:26:\"([0-9]{4})/([0-9]{1,2})/?$\";s:47:\"index.php?year=$matches[1]&monthnum=$matches[2]\";s:43:\"([0-9]{4})/feed/(feed|rdf|rss|rss2|atom)/?$\";s:43:\"index.php?year=$matches[1]&feed=$matches[2]\";s:38:\"([0-9]{4})/(feed|rdf|rss|rss2|atom)/?$\";s:43:\"index.php?year=$matches[1]&feed=$matches[2]\";s:19:\"([0-9]{4})/embed/?$\";s:37:\"index.php?year=$matches[1]&embed=true\";s:31:\"([0-9]{4})/page/?([0-9]{1,})/?$\";s:44:\"index.php?year=$matches[1]&paged=$matches[2]\";s:13:\"([0-9]{4})/?$\";s:26:\"index.php?year=$matches[1]\";s:27:\".?.+?/attachment/([^/]+)/?$\";s:32:\"index.php?attachment=$matches[1]\";s:37:\".?.+?/attachment/([^/]+)/trackback/?$\";s:37:\"index.php?attachment=$matches[1]&tb=1\";s:57:\".?.+?/attachment/([^/]+)/feed/(feed|rdf|rss|rss2|atom)/?$\";s:49:\"index.php?attachment=$matches[1]&feed=$matches[2]\";s:52:\".?.+?/attachment/([^/]+)/(feed|rdf|rss|rss2|atom)/?$\";s:49:\"index.php?attachment=$matches[1]&feed=$matches[2]\";s:52:\".?.+?/attachment/([^/]+)/comment-page-([0-9]{1,})/?$\";s:50:\"index.php?attachment=$matches[1]&cpage=$matches[2]\";s:33:\".?.+?/attachment/([^/]+)/embed/?$\";s:43:\"index.php?attachment=$matches[1]&embed=true\";s:16:\"(.?.+?)/embed/?$\";s:41:\"index.php?pagename=$matches[1]&embed=true\";s:20:\"(.?.+?)/trackback/?$\";s:35:\"index.php?pagename=$matches[1]&tb=1\";s:40:\"(.?.+?)/feed/(feed|rdf|rss|rss2|atom)/?$\";s:47:\"index.php?pagename=$matches[1]&feed=$matches[2]\";s:35:\"(.?.+?)/(feed|rdf|rss|rss2|atom)/?$\";s:47:\"index.php?pagename=$matches[1]&feed=$matches[2]\";s:28:\"(.?.+?)/page/?([0-9]{1,})/?$\";s:48:\"index.php?pagename=$matches[1]&paged=$matches[2]\";s:35:\"(.?.+?)/comment-page-([0-9]{1,})/?$\";s:48:\"index.php?pagename=$matches[1]&cpage=$matches[2]\";s:24:\"(.?.+?)(?:/([0-9]+))?/?$\";s:47:\"index.php?pagename=$matches[1]&page=$matches[2]\";s:27:\"[^/]+/attachment/([^/]+)/?$\";s:32:\"index.php?attachment=$matches[1]\";s:37:\"[^/]+/attachment/([^/]+)/trackback/?$\";s:37:\"index.php?attachment=$matches[1]&tb=1\";s:57:\"[^/]+/attachment/([^/]+)/feed/(feed|rdf|rss|rss2|atom)/?$\";s:49:\"index.php?attachment=$matches[1]&feed=$matches[2]\";s:52:\"[^/]+/attachment/([^/]+)/(feed|rdf|rss|rss2|atom)/?$\";s:49:\"index.php?attachment=$matches[1]&feed=$matches[2]\";s:52:\"[^/]+/attachment/([^/]+)/comment-page-([0-9]{1,})/?$\";s:50:\"index.php?attachment=$matches[1]&cpage=$matches[2]\";s:33:\"[^/]+/attachment/([^/]+)/embed/?$\";s:43:\"index.php?attachment=$matches[1]&embed=true\";s:16:\"([^/]+)/embed/?$\";s:37:\"index.php?name=$matches[1]&embed=true\";s:20:\"([^/]+)/trackback/?$\";s:31:\"index.php?name=$matches[1]&tb=1\";s:40:\"([^/]+)/feed/(feed|rdf|rss|rss2|atom)/?$\";s:43:\"index.php?name=$matches[1]&feed=$matches[2]\";s:35:\"([^/]+)/(feed|rdf|rss|rss2|atom)/?$\";s:43:\"index.php?name=$matches[1]&feed=$matches[2]\";s:28:\"([^/]+)/page/?([0-9]{1,})/?$\";s:44:\"index.php?name=$matches[1]&paged=$matches[2]\";s:35:\"([^/]+)/comment-page-([0-9]{1,})/?$\";s:44:\"index.php?name=$matches[1]&cpage=$matches[2]\";s:24:\"([^/]+)(?:/([0-9]+))?/?$\";s:43:\"index.php?name=$matches[1]&page=$matches[2]\";s:16:\"[^/]+/([^/]+)/?$\";s:32:\"index.php?attachment=$matches[1]\";s:26:\"[^/]+/([^/]+)/trackback/?$\";s:37:\"index.php?attachment=$matches[1]&tb=1\";s:46:\"[^/]+/([^/]+)/feed/(feed|rdf|rss|rss2|atom)/?$\";s:49:\"index.php?attachment=$matches[1]&feed=$matches[2]\";s:41:\"[^/]+/([^/]+)/(feed|rdf|rss|rss2|atom)/?$\";s:49:\"index.php?attachment=$matches[1]&feed=$matches[2]\";s:41:\"[^/]+/([^/]+)/comment-page-([0-9]{1,})/?$\";s:50:\"index.php?attachment=$matches[1]&cpage=$matches[2]\";s:22:\"[^/]+/([^/]+)/embed/?$\";s:43:\"index.php?attachment=$matches[1]&embed=true\";}','yes'),
(30,'hack_file','0','yes'),
(31,'blog_charset','UTF-8','yes'),
(32,'moderation_keys','','no'),
(33,'active_plugins','a:0:{}','yes'),
(34,'category_base','','yes'),
(35,'ping_sites','http://rpc.pingomatic.com/','yes'),
(36,'comment_max_links','2','yes'),
(37,'gmt_offset','0','yes'),
(38,'default_email_category','1','yes'),
(39,'recently_edited','','no'),
(40,'template','twentytwentythree','yes'),
(41,'stylesheet','twentytwentythree','yes'),
(42,'comment_registration','0','yes'),
(43,'html_type','text/html','yes'),
(44,'use_trackback','0','yes'),
(45,'default_role','subscriber','yes'),
(46,'db_version','53496','yes'),
(47,'uploads_use_yearmonth_folders','1','yes'),
(48,'upload_path','','yes'),
(49,'blog_public','1','yes'),
(50,'default_link_category','2','yes'),
(51,'show_on_front','posts','yes'),
(52,'tag_base','','yes'),
(53,'show_avatars','1','yes'),
(54,'avatar_rating','G','yes'),
(55,'upload_url_path','','yes'),
(56,'thumbnail_size_w','150','yes'),
(57,'thumbnail_size_h','150','yes'),
(58,'thumbnail_crop','1','yes'),
(59,'medium_size_w','300','yes'),
(60,'medium_size_h','300','yes'),
(61,'avatar_default','mystery','yes'),
(62,'large_size_w','1024','yes'),
(63,'large_size_h','1024','yes'),
(64,'image_default_link_type','none','yes'),
(65,'image_default_size','','yes'),
(66,'image_default_align','','yes'),
(67,'close_comments_for_old_posts','0','yes'),
(68,'close_comments_days_old','14','yes'),
(69,'thread_comments','1','yes'),
(70,'thread_comments_depth','5','yes'),
(71,'page_comments','0','yes'),
(72,'comments_per_page','50','yes'),
(73,'default_comments_page','newest','yes'),
(74,'comment_order','asc','yes'),
(75,'sticky_posts','a:0:{}','yes'),
(76,'widget_categories','a:0:{}','yes'),
(77,'widget_text','a:2:{i:2;a:4:{s:5:\"title\";s:12:\"Nous trouver\";s:4:\"text\";s:83:\"<a href=\"https://shop.example.com/contact/\">Contact</a> — Café de la Place, Lyon\";s:6:\"filter\";b:1;s:6:\"visual\";b:1;}s:12:\"_multiwidget\";i:1;}','yes'),
(78,'widget_rss','a:0:{}','yes'),
(79,'uninstall_plugins','a:0:{}','no'),
(80,'timezone_string','','yes'),
(81,'page_for_posts','0','yes'),
(82,'page_on_front','0','yes'),
(83,'default_post_format','0','yes'),
(84,'link_manager_enabled','0','yes'),
(85,'finished_splitting_shared_terms','1','yes'),
(86,'site_icon','0','yes'),
(87,'medium_large_size_w','768','yes'),
(88,'medium_large_size_h','0','yes'),
(89,'wp_page_for_privacy_policy','3','yes'),
(90,'show_comments_cookies_opt_in','1','yes'),
(91,'admin_email_lifespan','1810858939','yes'),
(92,'disallowed_keys','','no'),
(93,'comment_previously_approved','1','yes'),
(94,'auto_plugin_theme_update_emails','a:0:{}','no'),
(95,'auto_update_core_dev','enabled','yes'),
(96,'auto_update_core_minor','enabled','yes'),
(97,'auto_update_core_major','enabled','yes'),
(98,'wp_force_deactivated_plugins','a:0:{}','yes'),
(99,'initial_db_version','53496','yes'),
(100,'wp_user_roles','a:6:{s:13:\"administrator\";a:2:{s:4:\"name\";s:13:\"Administrator\";s:12:\"capabilities\";a:61:{s:13:\"switch_themes\";b:1;s:11:\"edit_themes\";b:1;s:16:\"activate_plugins\";b:1;s:12:\"edit_plugins\";b:1;s:10:\"edit_users\";b:1;s:10:\"edit_files\";b:1;s:14:\"manage_options\";b:1;s:17:\"moderate_comments\";b:1;s:17:\"manage_categories\";b:1;s:12:\"manage_links\";b:1;s:12:\"upload_files\";b:1;s:6:\"import\";b:1;s:15:\"unfiltered_html\";b:1;s:10:\"edit_posts\";b:1;s:17:\"edit_others_posts\";b:1;s:20:\"edit_published_posts\";b:1;s:13:\"publish_posts\";b:1;s:10:\"edit_pages\";b:1;s:4:\"read\";b:1;s:8:\"level_10\";b:1;s:7:\"level_9\";b:1;s:7:\"level_8\";b:1;s:7:\"level_7\";b:1;s:7:\"level_6\";b:1;s:7:\"level_5\";b:1;s:7:\"level_4\";b:1;s:7:\"level_3\";b:1;s:7:\"level_2\";b:1;s:7:\"level_1\";b:1;s:7:\"level_0\";b:1;s:17:\"edit_others_pages\";b:1;s:20:\"edit_published_pages\";b:1;s:13:\"publish_pages\";b:1;s:12:\"delete_pages\";b:1;s:19:\"delete_others_pages\";b:1;s:22:\"delete_published_pages\";b:1;s:12:\"delete_posts\";b:1;s:19:\"delete_others_posts\";b:1;s:22:\"delete_published_posts\";b:1;s:20:\"delete_private_posts\";b:1;s:18:\"edit_private_posts\";b:1;s:18:\"read_private_posts\";b:1;s:20:\"delete_private_pages\";b:1;s:18:\"edit_private_pages\";b:1;s:18:\"read_private_pages\";b:1;s:12:\"delete_users\";b:1;s:12:\"create_users\";b:1;s:17:\"unfiltered_upload\";b:1;s:14:\"edit_dashboard\";b:1;s:14:\"update_plugins\";b:1;s:14:\"delete_plugins\";b:1;s:15:\"install_plugins\";b:1;s:13:\"update_themes\";b:1;s:14:\"install_themes\";b:1;s:11:\"update_core\";b:1;s:10:\"list_users\";b:1;s:12:\"remove_users\";b:1;s:13:\"promote_users\";b:1;s:18:\"edit_theme_options\";b:1;s:13:\"delete_themes\";b:1;s:6:\"export\";b:1;}}s:6:\"editor\";a:2:{s:4:\"name\";s:6:\"Editor\";s:12:\"capabilities\";a:34:{s:17:\"moderate_comments\";b:1;s:17:\"manage_categories\";b:1;s:12:\"manage_links\";b:1;s:12:\"upload_files\";b:1;s:15:\"unfiltered_html\";b:1;s:10:\"edit_posts\";b:1;s:17:\"edit_others_posts\";b:1;s:20:\"edit_published_posts\";b:1;s:13:\"publish_posts\";b:1;s:10:\"edit_pages\";b:1;s:4:\"read\";b:1;s:7:\"level_7\";b:1;s:7:\"level_6\";b:1;s:7:\"level_5\";b:1;s:7:\"level_4\";b:1;s:7:\"level_3\";b:1;s:7:\"level_2\";b:1;s:7:\"level_1\";b:1;s:7:\"level_0\";b:1;s:17:\"edit_others_pages\";b:1;s:20:\"edit_published_pages\";b:1;s:13:\"publish_pages\";b:1;s:12:\"delete_pages\";b:1;s:19:\"delete_others_pages\";b:1;s:22:\"delete_published_pages\";b:1;s:12:\"delete_posts\";b:1;s:19:\"delete_others_posts\";b:1;s:22:\"delete_published_posts\";b:1;s:20:\"delete_private_posts\";b:1;s:18:\"edit_private_posts\";b:1;s:18:\"read_private_posts\";b:1;s:20:\"delete_private_pages\";b:1;s:18:\"edit_private_pages\";b:1;s:18:\"read_private_pages\";b:1;}}s:6:\"author\";a:2:{s:4:\"name\";s:6:\"Author\";s:12:\"capabilities\";a:10:{s:12:\"upload_files\";b:1;s:10:\"edit_posts\";b:1;s:20:\"edit_published_posts\";b:1;s:13:\"publish_posts\";b:1;s:4:\"read\";b:1;s:7:\"level_2\";b:1;s:7:\"level_1\";b:1;s:7:\"level_0\";b:1;s:12:\"delete_posts\";b:1;s:22:\"delete_published_posts\";b:1;}}s:11:\"contributor\";a:2:{s:4:\"name\";s:11:\"Contributor\";s:12:\"capabilities\";a:5:{s:10:\"edit_posts\";b:1;s:4:\"read\";b:1;s:7:\"level_1\";b:1;s:7:\"level_0\";b:1;s:12:\"delete_posts\";b:1;}}s:10:\"subscriber\";a:2:{s:4:\"name\";s:10:\"Subscriber\";s:12:\"capabilities\";a:2:{s:4:\"read\";b:1;s:7:\"level_0\";b:1;}}s:8:\"customer\";a:2:{s:4:\"name\";s:8:\"Customer\";s:12:\"capabilities\";a:1:{s:4:\"read\";b:1;}}}','yes'),
(101,'fresh_site','0','yes'),
(102,'user_count','6','no'),
(103,'widget_block','a:2:{i:3;a:1:{s:7:\"content\";s:116:\"<!-- wp:paragraph -->\n<p><a href=\"https://shop.example.com/sale/\">Soldes d\'été</a> 🌞</p>\n<!-- /wp:paragraph -->\";}s:12:\"_multiwidget\";i:1;}','yes'),
(104,'sidebars_widgets','a:3:{s:19:\"wp_inactive_widgets\";a:0:{}s:9:\"sidebar-1\";a:2:{i:0;s:6:\"text-2\";i:1;s:7:\"block-3\";}s:13:\"array_version\";i:3;}','yes'),
(105,'cron','a:3:{i:1795306939;a:7:{s:32:\"recovery_mode_clean_expired_keys\";a:1:{s:32:\"40cd750bba9870f18aada2478b24840a\";a:3:{s:8:\"schedule\";s:5:\"daily\";s:4:\"args\";a:0:{}s:8:\"interval\";i:86400;}}s:18:\"wp_https_detection\";a:1:{s:32:\"40cd750bba9870f18aada2478b24840a\";a:3:{s:8:\"schedule\";s:10:\"twicedaily\";s:4:\"args\";a:0:{}s:8:\"interval\";i:43200;}}s:34:\"wp_privacy_delete_old_export_files\";a:1:{s:32:\"40cd750bba9870f18aada2478b24840a\";a:3:{s:8:\"schedule\";s:6:\"hourly\";s:4:\"args\";a:0:{}s:8:\"interval\";i:3600;}}s:16:\"wp_version_check\";a:1:{s:32:\"40cd750bba9870f18aada2478b24840a\";a:3:{s:8:\"schedule\";s:10:\"twicedaily\";s:4:\"args\";a:0:{}s:8:\"interval\";i:43200;}}s:17:\"wp_update_plugins\";a:1:{s:32:\"40cd750bba9870f18aada2478b24840a\";a:3:{s:8:\"schedule\";s:10:\"twicedaily\";s:4:\"args\";a:0:{}s:8:\"interval\";i:43200;}}s:16:\"wp_update_themes\";a:1:{s:32:\"40cd750bba9870f18aada2478b24840a\";a:3:{s:8:\"schedule\";s:10:\"twicedaily\";s:4:\"args\";a:0:{}s:8:\"interval\";i:43200;}}s:8:\"do_pings\";a:1:{s:32:\"40cd750bba9870f18aada2478b24840a\";a:2:{s:8:\"schedule\";b:0;s:4:\"args\";a:0:{}}}}i:1795393339;a:1:{s:30:\"wp_site_health_scheduled_check\";a:1:{s:32:\"40cd750bba9870f18aada2478b24840a\";a:3:{s:8:\"schedule\";s:6:\"weekly\";s:4:\"args\";a:0:{}s:8:\"interval\";i:604800;}}}s:7:\"version\";i:2;}','yes'),
(106,'widget_pages','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(107,'widget_calendar','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(108,'widget_archives','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(109,'widget_media_audio','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(110,'widget_media_image','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(111,'widget_media_gallery','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(112,'widget_media_video','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(113,'widget_meta','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(114,'widget_search','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(115,'widget_recent-posts','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(116,'widget_recent-comments','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(117,'widget_tag_cloud','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(118,'widget_nav_menu','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(119,'widget_custom_html','a:1:{s:12:\"_multiwidget\";i:1;}','yes'),
(120,'category_children','a:0:{}','yes'),
(121,'wp_calendar_block_has_published_posts','1','yes'),
(122,'theme_mods_twentytwentythree','a:5:{s:18:\"nav_menu_locations\";a:1:{s:7:\"primary\";i:4;}s:11:\"custom_logo\";i:4;s:12:\"header_image\";s:71:\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero.jpg\";s:17:\"header_image_data\";O:8:\"stdClass\":5:{s:13:\"attachment_id\";i:4;s:3:\"url\";s:71:\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero.jpg\";s:13:\"thumbnail_url\";s:71:\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero.jpg\";s:5:\"width\";i:1200;s:6:\"height\";i:800;}s:16:\"background_image\";s:66:\"https://shop.example.com/wp-content/uploads/2024/05/background.jpg\";}','yes'),
(123,'site_logo','4','yes'),
(124,'shop_settings','a:6:{s:4:\"logo\";s:71:\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero.jpg\";s:13:\"support_email\";s:24:\"support@shop.example.com\";s:6:\"social\";a:2:{s:8:\"facebook\";s:41:\"https://www.facebook.com/boutique.exemple\";s:5:\"share\";s:78:\"https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fshop.example.com%2F\";}s:11:\"footer_html\";s:94:\"<a href=\"https://shop.example.com/privacy-policy/\">Confidentialité</a> · © Boutique Exemple\";s:4:\"hero\";a:5:{s:5:\"title\";s:15:\"Été 2024 😎\";s:3:\"url\";s:30:\"https://shop.example.com/sale/\";s:8:\"position\";i:2;s:7:\"enabled\";b:1;s:5:\"ratio\";d:1.5;}s:8:\"tracking\";s:85:\"{\"endpoint\":\"https:\\/\\/shop.example.com\\/wp-json\\/shop\\/v1\\/track\",\"sample_rate\":0.1}\";}','yes'),
(125,'_site_transient_shop_remote_banner','O:8:\"stdClass\":2:{s:3:\"url\";s:32:\"https://shop.example.com/banner/\";s:7:\"fetched\";s:20:\"2024-05-10T12:00:00Z\";}','no'),
(126,'foo_bar_settings','O:7:\"Foo_Bar\":3:{s:3:\"url\";s:29:\"https://shop.example.com/foo/\";s:8:\"\0*\0email\";s:20:\"foo@shop.example.com\";s:14:\"\0Foo_Bar\0items\";a:2:{s:4:\"next\";s:34:\"https://shop.example.com/foo/next/\";s:5:\"count\";i:3;}}','no'),
(127,'woocommerce_store_address','12 rue de la République','yes'),
(128,'woocommerce_store_city','Lyon','yes'),
(129,'woocommerce_store_postcode','69002','yes'),
(130,'woocommerce_default_country','FR','yes'),
(131,'woocommerce_currency','EUR','yes'),
(132,'woocommerce_email_from_name','Boutique Exemple','yes'),
(133,'woocommerce_email_from_address','shop@shop.example.com','yes'),
(134,'woocommerce_stock_email_recipient','stock@shop.example.com','yes'),
(135,'woocommerce_custom_orders_table_enabled','yes','yes'),
(136,'woocommerce_custom_orders_table_data_sync_enabled','yes','yes'),
(137,'woocommerce_version','8.9.3','yes'),
(138,'woocommerce_db_version','8.9.3','yes'),
(139,'woocommerce_new_order_settings','a:4:{s:7:\"enabled\";s:3:\"yes\";s:9:\"recipient\";s:23:\"orders@shop.example.com\";s:7:\"subject\";s:0:\"\";s:7:\"heading\";s:0:\"\";}','yes');
/*!40000 ALTER TABLE `wp_options` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_postmeta`
--

DROP TABLE IF EXISTS `wp_postmeta`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_postmeta` (
  `meta_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `post_id` bigint(20) unsigned NOT NULL DEFAULT 0,
  `meta_key` varchar(255) DEFAULT NULL,
  `meta_value` longtext DEFAULT NULL,
  PRIMARY KEY (`meta_id`),
  KEY `post_id` (`post_id`),
  KEY `meta_key` (`meta_key`(191))
) ENGINE=InnoDB AUTO_INCREMENT=210 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_postmeta`
--

LOCK TABLES `wp_postmeta` WRITE;
/*!40000 ALTER TABLE `wp_postmeta` DISABLE KEYS */;
INSERT INTO `wp_postmeta` VALUES
(1,2,'_wp_page_template','default'),
(2,3,'_wp_page_template','default'),
(3,4,'_wp_attached_file','2024/05/storefront-hero.jpg'),
(4,4,'_wp_attachment_metadata','a:6:{s:5:\"width\";i:1200;s:6:\"height\";i:800;s:4:\"file\";s:27:\"2024/05/storefront-hero.jpg\";s:8:\"filesize\";i:19534;s:5:\"sizes\";a:4:{s:6:\"medium\";a:5:{s:4:\"file\";s:27:\"storefront-hero-300x200.jpg\";s:5:\"width\";i:300;s:6:\"height\";i:200;s:9:\"mime-type\";s:10:\"image/jpeg\";s:8:\"filesize\";i:3298;}s:5:\"large\";a:5:{s:4:\"file\";s:28:\"storefront-hero-1024x683.jpg\";s:5:\"width\";i:1024;s:6:\"height\";i:683;s:9:\"mime-type\";s:10:\"image/jpeg\";s:8:\"filesize\";i:14816;}s:9:\"thumbnail\";a:5:{s:4:\"file\";s:27:\"storefront-hero-150x150.jpg\";s:5:\"width\";i:150;s:6:\"height\";i:150;s:9:\"mime-type\";s:10:\"image/jpeg\";s:8:\"filesize\";i:2129;}s:12:\"medium_large\";a:5:{s:4:\"file\";s:27:\"storefront-hero-768x512.jpg\";s:5:\"width\";i:768;s:6:\"height\";i:512;s:9:\"mime-type\";s:10:\"image/jpeg\";s:8:\"filesize\";i:7577;}}s:10:\"image_meta\";a:12:{s:8:\"aperture\";s:1:\"0\";s:6:\"credit\";s:0:\"\";s:6:\"camera\";s:0:\"\";s:7:\"caption\";s:0:\"\";s:17:\"created_timestamp\";s:1:\"0\";s:9:\"copyright\";s:0:\"\";s:12:\"focal_length\";s:1:\"0\";s:3:\"iso\";s:1:\"0\";s:13:\"shutter_speed\";s:1:\"0\";s:5:\"title\";s:0:\"\";s:11:\"orientation\";s:1:\"0\";s:8:\"keywords\";a:0:{}}}'),
(5,4,'_wp_attachment_image_alt','Vitrine — 店頭'),
(6,5,'_pingme','1'),
(7,5,'_encloseme','1'),
(8,5,'_thumbnail_id','4'),
(9,6,'_pingme','1'),
(10,6,'_encloseme','1'),
(11,7,'_pingme','1'),
(12,7,'_encloseme','1'),
(13,5,'_slipway_gallery','a:2:{s:6:\"images\";a:2:{i:0;a:2:{s:3:\"src\";s:71:\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero.jpg\";s:7:\"caption\";s:18:\"Vitrine — 店頭\";}i:1;a:2:{s:3:\"src\";s:62:\"https://shop.example.com/wp-content/uploads/2024/05/detail.jpg\";s:7:\"caption\";s:7:\"Détail\";}}s:4:\"link\";s:30:\"https://shop.example.com/shop/\";}'),
(14,5,'_legacy_builder_data','s:97:\"a:2:{s:10:\"button_url\";s:34:\"https://shop.example.com/checkout/\";s:5:\"label\";s:11:\"Acheter ✓\";}\";'),
(15,5,'_builder_layout','[{\"type\":\"button\",\"settings\":{\"link\":{\"url\":\"https:\\/\\/shop.example.com\\/shop\\/\",\"is_external\":false}}},{\"type\":\"image\",\"settings\":{\"image\":{\"url\":\"https:\\/\\/shop.example.com\\/wp-content\\/uploads\\/2024\\/05\\/storefront-hero.jpg\",\"id\":4}}}]'),
(16,7,'enclosure','https://shop.example.com/wp-content/uploads/2024/05/episode-1.mp3\n4816512\naudio/mpeg\n'),
(17,13,'_menu_item_type','custom'),
(18,13,'_menu_item_menu_item_parent','0'),
(19,13,'_menu_item_object_id','13'),
(20,13,'_menu_item_object','custom'),
(21,13,'_menu_item_target',''),
(22,13,'_menu_item_classes','a:1:{i:0;s:0:\"\";}'),
(23,13,'_menu_item_xfn',''),
(24,13,'_menu_item_url','https://shop.example.com/'),
(25,14,'_menu_item_type','post_type'),
(26,14,'_menu_item_menu_item_parent','0'),
(27,14,'_menu_item_object_id','10'),
(28,14,'_menu_item_object','page'),
(29,14,'_menu_item_target',''),
(30,14,'_menu_item_classes','a:1:{i:0;s:0:\"\";}'),
(31,14,'_menu_item_xfn',''),
(32,14,'_menu_item_url',''),
(33,15,'_menu_item_type','custom'),
(34,15,'_menu_item_menu_item_parent','0'),
(35,15,'_menu_item_object_id','15'),
(36,15,'_menu_item_object','custom'),
(37,15,'_menu_item_target',''),
(38,15,'_menu_item_classes','a:1:{i:0;s:0:\"\";}'),
(39,15,'_menu_item_xfn',''),
(40,15,'_menu_item_url','https://shop.example.com/shop/'),
(41,16,'_menu_item_type','custom'),
(42,16,'_menu_item_menu_item_parent','0'),
(43,16,'_menu_item_object_id','16'),
(44,16,'_menu_item_object','custom'),
(45,16,'_menu_item_target',''),
(46,16,'_menu_item_classes','a:1:{i:0;s:0:\"\";}'),
(47,16,'_menu_item_xfn',''),
(48,16,'_menu_item_url','https://shop.example.com/?s=soldes&lang=fr'),
(49,17,'_menu_item_type','custom'),
(50,17,'_menu_item_menu_item_parent','0'),
(51,17,'_menu_item_object_id','17'),
(52,17,'_menu_item_object','custom'),
(53,17,'_menu_item_target',''),
(54,17,'_menu_item_classes','a:1:{i:0;s:0:\"\";}'),
(55,17,'_menu_item_xfn',''),
(56,17,'_menu_item_url','https://partners.example.org/?ref=https%3A%2F%2Fshop.example.com%2F'),
(57,19,'_sku','MUG-001'),
(58,19,'_price','12.50'),
(59,19,'_regular_price','12.50'),
(60,19,'_stock_status','instock'),
(61,19,'_product_image_gallery',''),
(62,19,'_product_url','https://shop.example.com/shop/tasse-a-cafe/'),
(63,20,'_sku','BAG-002'),
(64,20,'_price','19.90'),
(65,20,'_regular_price','19.90'),
(66,20,'_stock_status','instock'),
(67,20,'_product_image_gallery',''),
(68,20,'_product_url','https://shop.example.com/shop/tote-bag/'),
(69,21,'_order_key','wc_order_7b9b436cd2670'),
(70,21,'_customer_user','5'),
(71,21,'_payment_method','stripe'),
(72,21,'_payment_method_title','Carte bancaire (Stripe)'),
(73,21,'_transaction_id','pi_3PAbCdEfGh000001'),
(74,21,'_customer_ip_address','203.0.113.45'),
(75,21,'_customer_user_agent','Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'),
(76,21,'_created_via','checkout'),
(77,21,'_order_currency','EUR'),
(78,21,'_cart_discount','0'),
(79,21,'_cart_discount_tax','0'),
(80,21,'_order_shipping','4.90'),
(81,21,'_order_shipping_tax','0'),
(82,21,'_order_tax','0'),
(83,21,'_order_total','29.90'),
(84,21,'_order_version','8.9.3'),
(85,21,'_prices_include_tax','no'),
(86,21,'_billing_address_index','Claire Bernard  8 rue des Lilas Bâtiment B Paris  75011 FR claire.bernard@fr.example.org +33 6 12 34 56 78'),
(87,21,'_shipping_address_index','Claire Bernard  8 rue des Lilas Bâtiment B Paris  75011 FR +33 6 12 34 56 78'),
(88,21,'_date_paid','1714731300'),
(89,21,'_paid_date','2024-05-03 10:15:00'),
(90,21,'_recorded_sales','yes'),
(91,21,'_wc_order_attribution_source_type','referral'),
(92,21,'_wc_order_attribution_referrer','https://www.google.com/'),
(93,21,'_wc_order_attribution_session_entry','https://shop.example.com/shop/?utm_source=newsletter&utm_medium=email'),
(94,21,'_wc_order_attribution_user_agent','Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'),
(95,21,'_billing_first_name','Claire'),
(96,21,'_shipping_first_name','Claire'),
(97,21,'_billing_last_name','Bernard'),
(98,21,'_shipping_last_name','Bernard'),
(99,21,'_billing_company',''),
(100,21,'_shipping_company',''),
(101,21,'_billing_address_1','8 rue des Lilas'),
(102,21,'_shipping_address_1','8 rue des Lilas'),
(103,21,'_billing_address_2','Bâtiment B'),
(104,21,'_shipping_address_2','Bâtiment B'),
(105,21,'_billing_city','Paris'),
(106,21,'_shipping_city','Paris'),
(107,21,'_billing_state',''),
(108,21,'_shipping_state',''),
(109,21,'_billing_postcode','75011'),
(110,21,'_shipping_postcode','75011'),
(111,21,'_billing_country','FR'),
(112,21,'_shipping_country','FR'),
(113,21,'_billing_email','claire.bernard@fr.example.org'),
(114,21,'_billing_phone','+33 6 12 34 56 78'),
(115,21,'_shipping_phone','+33 6 12 34 56 78'),
(116,22,'_order_key','wc_order_6e7f85a9d0fe9'),
(117,22,'_customer_user','6'),
(118,22,'_payment_method','stripe'),
(119,22,'_payment_method_title','Carte bancaire (Stripe)'),
(120,22,'_transaction_id','pi_3PAbCdEfGh000002'),
(121,22,'_customer_ip_address','2001:db8:85a3::8a2e:370:7334'),
(122,22,'_customer_user_agent','Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'),
(123,22,'_created_via','checkout'),
(124,22,'_order_currency','EUR'),
(125,22,'_cart_discount','0'),
(126,22,'_cart_discount_tax','0'),
(127,22,'_order_shipping','4.90'),
(128,22,'_order_shipping_tax','0'),
(129,22,'_order_tax','0'),
(130,22,'_order_total','37.30'),
(131,22,'_order_version','8.9.3'),
(132,22,'_prices_include_tax','no'),
(133,22,'_billing_address_index','Tom Baker Baker & Sons Ltd 221 Baker Street  London  NW1 6XE GB tom.baker@uk.example.com +44 20 7946 0958'),
(134,22,'_shipping_address_index','Tom Baker Baker & Sons Ltd 221 Baker Street  London  NW1 6XE GB +44 20 7946 0958'),
(135,22,'_date_paid','1715013600'),
(136,22,'_paid_date','2024-05-06 16:40:00'),
(137,22,'_recorded_sales','yes'),
(138,22,'_wc_order_attribution_source_type','referral'),
(139,22,'_wc_order_attribution_referrer','https://www.google.com/'),
(140,22,'_wc_order_attribution_session_entry','https://shop.example.com/shop/?utm_source=newsletter&utm_medium=email'),
(141,22,'_wc_order_attribution_user_agent','Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'),
(142,22,'_billing_first_name','Tom'),
(143,22,'_shipping_first_name','Tom'),
(144,22,'_billing_last_name','Baker'),
(145,22,'_shipping_last_name','Baker'),
(146,22,'_billing_company','Baker & Sons Ltd'),
(147,22,'_shipping_company','Baker & Sons Ltd'),
(148,22,'_billing_address_1','221 Baker Street'),
(149,22,'_shipping_address_1','221 Baker Street'),
(150,22,'_billing_address_2',''),
(151,22,'_shipping_address_2',''),
(152,22,'_billing_city','London'),
(153,22,'_shipping_city','London'),
(154,22,'_billing_state',''),
(155,22,'_shipping_state',''),
(156,22,'_billing_postcode','NW1 6XE'),
(157,22,'_shipping_postcode','NW1 6XE'),
(158,22,'_billing_country','GB'),
(159,22,'_shipping_country','GB'),
(160,22,'_billing_email','tom.baker@uk.example.com'),
(161,22,'_billing_phone','+44 20 7946 0958'),
(162,22,'_shipping_phone','+44 20 7946 0958'),
(163,23,'_order_key','wc_order_18899d7d59a5a'),
(164,23,'_customer_user','0'),
(165,23,'_payment_method','stripe'),
(166,23,'_payment_method_title','Carte bancaire (Stripe)'),
(167,23,'_transaction_id','pi_3PAbCdEfGh000003'),
(168,23,'_customer_ip_address','198.51.100.101'),
(169,23,'_customer_user_agent','Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'),
(170,23,'_created_via','checkout'),
(171,23,'_order_currency','EUR'),
(172,23,'_cart_discount','0'),
(173,23,'_cart_discount_tax','0'),
(174,23,'_order_shipping','4.90'),
(175,23,'_order_shipping_tax','0'),
(176,23,'_order_tax','0'),
(177,23,'_order_total','64.60'),
(178,23,'_order_version','8.9.3'),
(179,23,'_prices_include_tax','no'),
(180,23,'_billing_address_index','由紀 田中  千代田区丸の内1-1  東京都 JP13 100-0005 JP yuki.tanaka@jp.example.net +81 3-1234-5678'),
(181,23,'_shipping_address_index','由紀 田中  千代田区丸の内1-1  東京都 JP13 100-0005 JP +81 3-1234-5678'),
(182,23,'_date_paid','1715238300'),
(183,23,'_paid_date','2024-05-09 07:05:00'),
(184,23,'_recorded_sales','yes'),
(185,23,'_wc_order_attribution_source_type','referral'),
(186,23,'_wc_order_attribution_referrer','https://www.google.com/'),
(187,23,'_wc_order_attribution_session_entry','https://shop.example.com/shop/?utm_source=newsletter&utm_medium=email'),
(188,23,'_wc_order_attribution_user_agent','Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'),
(189,23,'_billing_first_name','由紀'),
(190,23,'_shipping_first_name','由紀'),
(191,23,'_billing_last_name','田中'),
(192,23,'_shipping_last_name','田中'),
(193,23,'_billing_company',''),
(194,23,'_shipping_company',''),
(195,23,'_billing_address_1','千代田区丸の内1-1'),
(196,23,'_shipping_address_1','千代田区丸の内1-1'),
(197,23,'_billing_address_2',''),
(198,23,'_shipping_address_2',''),
(199,23,'_billing_city','東京都'),
(200,23,'_shipping_city','東京都'),
(201,23,'_billing_state','JP13'),
(202,23,'_shipping_state','JP13'),
(203,23,'_billing_postcode','100-0005'),
(204,23,'_shipping_postcode','100-0005'),
(205,23,'_billing_country','JP'),
(206,23,'_shipping_country','JP'),
(207,23,'_billing_email','yuki.tanaka@jp.example.net'),
(208,23,'_billing_phone','+81 3-1234-5678'),
(209,23,'_shipping_phone','+81 3-1234-5678');
/*!40000 ALTER TABLE `wp_postmeta` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_posts`
--

DROP TABLE IF EXISTS `wp_posts`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_posts` (
  `ID` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `post_author` bigint(20) unsigned NOT NULL DEFAULT 0,
  `post_date` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `post_date_gmt` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `post_content` longtext NOT NULL,
  `post_title` text NOT NULL,
  `post_excerpt` text NOT NULL,
  `post_status` varchar(20) NOT NULL DEFAULT 'publish',
  `comment_status` varchar(20) NOT NULL DEFAULT 'open',
  `ping_status` varchar(20) NOT NULL DEFAULT 'open',
  `post_password` varchar(255) NOT NULL DEFAULT '',
  `post_name` varchar(200) NOT NULL DEFAULT '',
  `to_ping` text NOT NULL,
  `pinged` text NOT NULL,
  `post_modified` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `post_modified_gmt` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `post_content_filtered` longtext NOT NULL,
  `post_parent` bigint(20) unsigned NOT NULL DEFAULT 0,
  `guid` varchar(255) NOT NULL DEFAULT '',
  `menu_order` int(11) NOT NULL DEFAULT 0,
  `post_type` varchar(20) NOT NULL DEFAULT 'post',
  `post_mime_type` varchar(100) NOT NULL DEFAULT '',
  `comment_count` bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY (`ID`),
  KEY `post_name` (`post_name`(191)),
  KEY `type_status_date` (`post_type`,`post_status`,`post_date`,`ID`),
  KEY `post_parent` (`post_parent`),
  KEY `post_author` (`post_author`)
) ENGINE=InnoDB AUTO_INCREMENT=24 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_posts`
--

LOCK TABLES `wp_posts` WRITE;
/*!40000 ALTER TABLE `wp_posts` DISABLE KEYS */;
INSERT INTO `wp_posts` VALUES
(1,1,'2026-11-22 00:22:19','2026-11-22 00:22:19','<!-- wp:paragraph -->\n<p>Welcome to WordPress. This is your first post. Edit or delete it, then start writing!</p>\n<!-- /wp:paragraph -->','Hello world!','','publish','open','open','','hello-world','','','2026-11-22 00:22:19','2026-11-22 00:22:19','',0,'https://shop.example.com/?p=1',0,'post','',1),
(2,1,'2026-11-22 00:22:19','2026-11-22 00:22:19','<!-- wp:paragraph -->\n<p>This is an example page. It\'s different from a blog post because it will stay in one place and will show up in your site navigation (in most themes). Most people start with an About page that introduces them to potential site visitors. It might say something like this:</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>Hi there! I\'m a bike messenger by day, aspiring actor by night, and this is my website. I live in Los Angeles, have a great dog named Jack, and I like pi&#241;a coladas. (And gettin\' caught in the rain.)</p></blockquote>\n<!-- /wp:quote -->\n\n<!-- wp:paragraph -->\n<p>...or something like this:</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>The XYZ Doohickey Company was founded in 1971, and has been providing quality doohickeys to the public ever since. Located in Gotham City, XYZ employs over 2,000 people and does all kinds of awesome things for the Gotham community.</p></blockquote>\n<!-- /wp:quote -->\n\n<!-- wp:paragraph -->\n<p>As a new WordPress user, you should go to <a href=\"https://shop.example.com/wp-admin/\">your dashboard</a> to delete this page and create new pages for your content. Have fun!</p>\n<!-- /wp:paragraph -->','Sample Page','','publish','closed','open','','sample-page','','','2026-11-22 00:22:19','2026-11-22 00:22:19','',0,'https://shop.example.com/?page_id=2',0,'page','',0),
(3,1,'2026-11-22 00:22:19','2026-11-22 00:22:19','<!-- wp:heading --><h2>Who we are</h2><!-- /wp:heading --><!-- wp:paragraph --><p><strong class=\"privacy-policy-tutorial\">Suggested text: </strong>Our website address is: https://shop.example.com.</p><!-- /wp:paragraph --><!-- wp:heading --><h2>Comments</h2><!-- /wp:heading --><!-- wp:paragraph --><p><strong class=\"privacy-policy-tutorial\">Suggested text: </strong>When visitors leave comments on the site we collect the data shown in the comments form, and also the visitor&#8217;s IP address and browser user agent string to help spam detection.</p><!-- /wp:paragraph --><!-- wp:paragraph --><p>An anonymized string created from your email address (also called a hash) may be provided to the Gravatar service to see if you are using it. The Gravatar service privacy policy is available here: https://automattic.com/privacy/. After approval of your comment, your profile picture is visible to the public in the context of your comment.</p><!-- /wp:paragraph --><!-- wp:heading --><h2>Media</h2><!-- /wp:heading --><!-- wp:paragraph --><p><strong class=\"privacy-policy-tutorial\">Suggested text: </strong>If you upload images to the website, you should avoid uploading images with embedded location data (EXIF GPS) included. Visitors to the website can download and extract any location data from images on the website.</p><!-- /wp:paragraph --><!-- wp:heading --><h2>Cookies</h2><!-- /wp:heading --><!-- wp:paragraph --><p><strong class=\"privacy-policy-tutorial\">Suggested text: </strong>If you leave a comment on our site you may opt-in to saving your name, email address and website in cookies. These are for your convenience so that you do not have to fill in your details again when you leave another comment. These cookies will last for one year.</p><!-- /wp:paragraph --><!-- wp:paragraph --><p>If you visit our login page, we will set a temporary cookie to determine if your browser accepts cookies. This cookie contains no personal data and is discarded when you close your browser.</p><!-- /wp:paragraph --><!-- wp:paragraph --><p>When you log in, we will also set up several cookies to save your login information and your screen display choices. Login cookies last for two days, and screen options cookies last for a year. If you select &quot;Remember Me&quot;, your login will persist for two weeks. If you log out of your account, the login cookies will be removed.</p><!-- /wp:paragraph --><!-- wp:paragraph --><p>If you edit or publish an article, an additional cookie will be saved in your browser. This cookie includes no personal data and simply indicates the post ID of the article you just edited. It expires after 1 day.</p><!-- /wp:paragraph --><!-- wp:heading --><h2>Embedded content from other websites</h2><!-- /wp:heading --><!-- wp:paragraph --><p><strong class=\"privacy-policy-tutorial\">Suggested text: </strong>Articles on this site may include embedded content (e.g. videos, images, articles, etc.). Embedded content from other websites behaves in the exact same way as if the visitor has visited the other website.</p><!-- /wp:paragraph --><!-- wp:paragraph --><p>These websites may collect data about you, use cookies, embed additional third-party tracking, and monitor your interaction with that embedded content, including tracking your interaction with the embedded content if you have an account and are logged in to that website.</p><!-- /wp:paragraph --><!-- wp:heading --><h2>Who we share your data with</h2><!-- /wp:heading --><!-- wp:paragraph --><p><strong class=\"privacy-policy-tutorial\">Suggested text: </strong>If you request a password reset, your IP address will be included in the reset email.</p><!-- /wp:paragraph --><!-- wp:heading --><h2>How long we retain your data</h2><!-- /wp:heading --><!-- wp:paragraph --><p><strong class=\"privacy-policy-tutorial\">Suggested text: </strong>If you leave a comment, the comment and its metadata are retained indefinitely. This is so we can recognize and approve any follow-up comments automatically instead of holding them in a moderation queue.</p><!-- /wp:paragraph --><!-- wp:paragraph --><p>For users that register on our website (if any), we also store the personal information they provide in their user profile. All users can see, edit, or delete their personal information at any time (except they cannot change their username). Website administrators can also see and edit that information.</p><!-- /wp:paragraph --><!-- wp:heading --><h2>What rights you have over your data</h2><!-- /wp:heading --><!-- wp:paragraph --><p><strong class=\"privacy-policy-tutorial\">Suggested text: </strong>If you have an account on this site, or have left comments, you can request to receive an exported file of the personal data we hold about you, including any data you have provided to us. You can also request that we erase any personal data we hold about you. This does not include any data we are obliged to keep for administrative, legal, or security purposes.</p><!-- /wp:paragraph --><!-- wp:heading --><h2>Where your data is sent</h2><!-- /wp:heading --><!-- wp:paragraph --><p><strong class=\"privacy-policy-tutorial\">Suggested text: </strong>Visitor comments may be checked through an automated spam detection service.</p><!-- /wp:paragraph -->','Privacy Policy','','draft','closed','open','','privacy-policy','','','2026-11-22 00:22:19','2026-11-22 00:22:19','',0,'https://shop.example.com/?page_id=3',0,'page','',0),
(4,1,'2024-05-02 09:00:00','2024-05-02 09:00:00','','Vitrine de la boutique','','inherit','open','closed','','vitrine-de-la-boutique','','','2024-05-02 09:00:00','2024-05-02 09:00:00','',0,'https://shop.example.com/wp-content/uploads/2024/05/storefront-hero.jpg',0,'attachment','image/jpeg',0),
(5,2,'2024-05-03 10:15:00','2024-05-03 10:15:00','<!-- wp:paragraph -->\n<p>Bienvenue ! Découvrez <a href=\"https://shop.example.com/shop/\">nos produits</a>, le café crème ☕ et les nouveautés 🛍️. Prix en €, livraison à Zürich et à 東京.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:cover {\"url\":\"https:\\/\\/shop.example.com\\/wp-content\\/uploads\\/2024\\/05\\/storefront-hero.jpg\",\"id\":4,\"dimRatio\":50,\"isDark\":false} -->\n<div class=\"wp-block-cover is-light\"><span aria-hidden=\"true\" class=\"wp-block-cover__background has-background-dim\"></span><img class=\"wp-block-cover__image-background wp-image-4\" alt=\"\" src=\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-1024x683.jpg\" data-object-fit=\"cover\"/><div class=\"wp-block-cover__inner-container\"><!-- wp:heading -->\n<h2>La collection d\'été</h2>\n<!-- /wp:heading --></div></div>\n<!-- /wp:cover -->\n\n<!-- wp:image {\"id\":4,\"sizeSlug\":\"large\",\"linkDestination\":\"custom\"} -->\n<figure class=\"wp-block-image size-large\"><a href=\"https://shop.example.com/shop/\"><img src=\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-1024x683.jpg\" alt=\"Vitrine — 店頭\" class=\"wp-image-4\"/></a></figure>\n<!-- /wp:image -->\n\n<!-- wp:slipway/product-card {\"productUrl\":\"https:\\/\\/shop.example.com\\/shop\\/mug\\/\",\"addToCart\":\"https:\\/\\/shop.example.com\\/?add-to-cart=42\\u0026quantity=2\",\"label\":\"Tasse \\u00e0 caf\\u00e9\"} /-->\n\n<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\",\"type\":\"video\",\"providerNameSlug\":\"youtube\",\"responsive\":true} -->\n<figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div></figure>\n<!-- /wp:embed -->\n\n<!-- wp:paragraph -->\n<p>Partagez : <a href=\"https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fshop.example.com%2Fbienvenue%2F\">Facebook</a> · <a href=\"https://twitter.com/intent/tweet?url=https%3A%2F%2Fshop.example.com%2Fbienvenue%2F&amp;text=Bienvenue\">X</a> · <a href=\"mailto:?subject=Bienvenue&amp;body=https%3A%2F%2Fshop.example.com%2Fbienvenue%2F\">e-mail</a></p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Mise à jour : <a href=\"https://shop.example.com/livraison/\">livraison offerte</a> dès 50 €.</p>\n<!-- /wp:paragraph -->','Bienvenue à la boutique','','publish','open','open','','bienvenue','','','2026-11-22 00:22:19','2026-11-22 00:22:19','',0,'https://shop.example.com/?p=5',0,'post','',3),
(6,3,'2024-05-04 08:30:00','2024-05-04 08:30:00','<!-- wp:paragraph -->\n<p>新しい商品が入荷しました！🎉 詳しくは<a href=\"https://shop.example.com/shop/\">ショップ</a>をご覧ください。絵文字も大丈夫です：🍣🗻✨</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n<p>「良い品物を、良い値段で。」 — <a href=\"https://shop.example.com/about/\">私たちについて</a></p>\n<!-- /wp:paragraph --></blockquote>\n<!-- /wp:quote -->','日本語のお知らせ','','publish','open','open','','%e6%97%a5%e6%9c%ac%e8%aa%9e%e3%81%ae%e3%81%8a%e7%9f%a5%e3%82%89%e3%81%9b','','','2024-05-04 08:30:00','2024-05-04 08:30:00','',0,'https://shop.example.com/?p=6',0,'post','',1),
(7,1,'2024-05-10 12:00:00','2024-05-10 12:00:00','<!-- wp:paragraph -->\n<p>Everything is 20% off at <a href=\"https://shop.example.com/sale/\">shop.example.com/sale</a> until the end of June. Old links such as <a href=\"http://shop.example.com/old-sale.html\">http://shop.example.com/old-sale.html</a> and <a href=\"//shop.example.com/shop/\">//shop.example.com/shop/</a> still work. Our partner shop is at <a href=\"https://shop.example.com.au/\">https://shop.example.com.au/</a> (a different site).</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:gallery {\"linkTo\":\"media\"} -->\n<figure class=\"wp-block-gallery has-nested-images columns-default is-cropped\"><!-- wp:image {\"id\":4,\"sizeSlug\":\"large\",\"linkDestination\":\"media\"} -->\n<figure class=\"wp-block-image size-large\"><a href=\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-1024x683.jpg\"><img src=\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-1024x683.jpg\" alt=\"\" class=\"wp-image-4\" srcset=\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-1024x683.jpg 1024w, https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-300x200.jpg 300w, https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-768x512.jpg 768w, https://shop.example.com/wp-content/uploads/2024/05/storefront-hero.jpg 1200w\" sizes=\"(max-width: 1024px) 100vw, 1024px\"/></a></figure>\n<!-- /wp:image --></figure>\n<!-- /wp:gallery -->\n\n<!-- wp:buttons -->\n<div class=\"wp-block-buttons\"><!-- wp:button -->\n<div class=\"wp-block-button\"><a class=\"wp-block-button__link wp-element-button\" href=\"https://shop.example.com/?add-to-cart=42&amp;quantity=1\">Add to cart</a></div>\n<!-- /wp:button --></div>\n<!-- /wp:buttons -->\n\n<!-- wp:shortcode -->\n[sale_banner url=\"https://shop.example.com/sale/\" image=\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-1024x683.jpg\"]\n<!-- /wp:shortcode -->','Summer sale 2024','','publish','open','open','','summer-sale','','','2024-05-10 12:00:00','2024-05-10 12:00:00','',0,'https://shop.example.com/?p=7',0,'post','',1),
(8,2,'2024-05-12 18:00:00','0000-00-00 00:00:00','<!-- wp:paragraph -->\n<p>Bientôt sur <a href=\"https://shop.example.com/automne/\">shop.example.com/automne</a>.</p>\n<!-- /wp:paragraph -->','Collection automne (brouillon)','','draft','open','open','','','','','2024-05-12 18:00:00','0000-00-00 00:00:00','',0,'https://shop.example.com/?p=8',0,'post','',0),
(9,1,'2026-11-22 00:22:19','2026-11-22 00:22:19','<!-- wp:paragraph -->\n<p>Bienvenue ! Découvrez <a href=\"https://shop.example.com/shop/\">nos produits</a>, le café crème ☕ et les nouveautés 🛍️. Prix en €, livraison à Zürich et à 東京.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:cover {\"url\":\"https:\\/\\/shop.example.com\\/wp-content\\/uploads\\/2024\\/05\\/storefront-hero.jpg\",\"id\":4,\"dimRatio\":50,\"isDark\":false} -->\n<div class=\"wp-block-cover is-light\"><span aria-hidden=\"true\" class=\"wp-block-cover__background has-background-dim\"></span><img class=\"wp-block-cover__image-background wp-image-4\" alt=\"\" src=\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-1024x683.jpg\" data-object-fit=\"cover\"/><div class=\"wp-block-cover__inner-container\"><!-- wp:heading -->\n<h2>La collection d\'été</h2>\n<!-- /wp:heading --></div></div>\n<!-- /wp:cover -->\n\n<!-- wp:image {\"id\":4,\"sizeSlug\":\"large\",\"linkDestination\":\"custom\"} -->\n<figure class=\"wp-block-image size-large\"><a href=\"https://shop.example.com/shop/\"><img src=\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-1024x683.jpg\" alt=\"Vitrine — 店頭\" class=\"wp-image-4\"/></a></figure>\n<!-- /wp:image -->\n\n<!-- wp:slipway/product-card {\"productUrl\":\"https:\\/\\/shop.example.com\\/shop\\/mug\\/\",\"addToCart\":\"https:\\/\\/shop.example.com\\/?add-to-cart=42\\u0026quantity=2\",\"label\":\"Tasse \\u00e0 caf\\u00e9\"} /-->\n\n<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\",\"type\":\"video\",\"providerNameSlug\":\"youtube\",\"responsive\":true} -->\n<figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div></figure>\n<!-- /wp:embed -->\n\n<!-- wp:paragraph -->\n<p>Partagez : <a href=\"https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fshop.example.com%2Fbienvenue%2F\">Facebook</a> · <a href=\"https://twitter.com/intent/tweet?url=https%3A%2F%2Fshop.example.com%2Fbienvenue%2F&amp;text=Bienvenue\">X</a> · <a href=\"mailto:?subject=Bienvenue&amp;body=https%3A%2F%2Fshop.example.com%2Fbienvenue%2F\">e-mail</a></p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Mise à jour : <a href=\"https://shop.example.com/livraison/\">livraison offerte</a> dès 50 €.</p>\n<!-- /wp:paragraph -->','Bienvenue à la boutique','','inherit','closed','closed','','5-revision-v1','','','2026-11-22 00:22:19','2026-11-22 00:22:19','',5,'https://shop.example.com/?p=9',0,'revision','',0),
(10,1,'2024-05-01 09:00:00','2024-05-01 09:00:00','<!-- wp:columns -->\n<div class=\"wp-block-columns\"><!-- wp:column -->\n<div class=\"wp-block-column\"><!-- wp:paragraph -->\n<p>We are a small shop in Lyon. Write to <a href=\"mailto:hello@shop.example.com\">hello@shop.example.com</a> or call <a href=\"tel:+33472000000\">+33 4 72 00 00 00</a>.</p>\n<!-- /wp:paragraph --></div>\n<!-- /wp:column -->\n\n<!-- wp:column -->\n<div class=\"wp-block-column\"><!-- wp:image {\"id\":4,\"sizeSlug\":\"large\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-1024x683.jpg\" alt=\"\" class=\"wp-image-4\" srcset=\"https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-1024x683.jpg 1024w, https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-300x200.jpg 300w, https://shop.example.com/wp-content/uploads/2024/05/storefront-hero-768x512.jpg 768w, https://shop.example.com/wp-content/uploads/2024/05/storefront-hero.jpg 1200w\"/></figure>\n<!-- /wp:image --></div>\n<!-- /wp:column --></div>\n<!-- /wp:columns -->','About us','','publish','closed','closed','','about','','','2024-05-01 09:00:00','2024-05-01 09:00:00','',0,'https://shop.example.com/?page_id=10',0,'page','',0),
(11,1,'2024-05-01 09:30:00','2024-05-01 09:30:00','<!-- wp:list -->\n<ul><li>Marie Dupont — <a href=\"https://shop.example.com/author/marie/\">articles</a></li><li>山田 健二 — <a href=\"https://shop.example.com/author/kenji/\">記事</a></li></ul>\n<!-- /wp:list -->','Our team','','publish','closed','closed','','team','','','2024-05-01 09:30:00','2024-05-01 09:30:00','',10,'https://shop.example.com/?page_id=11',0,'page','',0),
(12,1,'2024-05-01 10:00:00','2024-05-01 10:00:00','<!-- wp:paragraph -->\n<p>Boutique Exemple, 12 rue de la République, 69002 Lyon. Questions? <a href=\"https://shop.example.com/contact/#form\">Use the form</a>.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:shortcode -->\n[contact-form-7 id=\"123\" title=\"Contact form 1\"]\n<!-- /wp:shortcode -->\n\n<!-- wp:html -->\n<iframe src=\"https://www.openstreetmap.org/export/embed.html?bbox=4.83%2C45.75%2C4.84%2C45.76&amp;layer=mapnik\" title=\"Map\"></iframe>\n<!-- /wp:html -->','Contact','','publish','closed','closed','','contact','','','2024-05-01 10:00:00','2024-05-01 10:00:00','',0,'https://shop.example.com/?page_id=12',0,'page','',0),
(13,1,'2026-11-22 00:22:19','2026-11-22 00:22:19','','Accueil','','publish','closed','closed','','accueil','','','2026-11-22 00:22:19','2026-11-22 00:22:19','',0,'https://shop.example.com/?p=13',0,'nav_menu_item','',0),
(14,1,'2026-11-22 00:22:19','2026-11-22 00:22:19',' ','','','publish','closed','closed','','14','','','2026-11-22 00:22:19','2026-11-22 00:22:19','',0,'https://shop.example.com/?p=14',2,'nav_menu_item','',0),
(15,1,'2026-11-22 00:22:19','2026-11-22 00:22:19','','Shop','','publish','closed','closed','','shop','','','2026-11-22 00:22:19','2026-11-22 00:22:19','',0,'https://shop.example.com/?p=15',3,'nav_menu_item','',0),
(16,1,'2026-11-22 00:22:19','2026-11-22 00:22:19','','Soldes','','publish','closed','closed','','soldes','','','2026-11-22 00:22:19','2026-11-22 00:22:19','',0,'https://shop.example.com/?p=16',4,'nav_menu_item','',0),
(17,1,'2026-11-22 00:22:19','2026-11-22 00:22:19','','Partners','','publish','closed','closed','','partners','','','2026-11-22 00:22:19','2026-11-22 00:22:19','',0,'https://shop.example.com/?p=17',5,'nav_menu_item','',0),
(18,1,'2024-05-01 08:00:00','2024-05-01 08:00:00','<!-- wp:navigation-link {\"label\":\"Shop\",\"url\":\"https://shop.example.com/shop/\",\"kind\":\"custom\",\"isTopLevelLink\":true} /--><!-- wp:navigation-link {\"label\":\"About us\",\"type\":\"page\",\"id\":10,\"url\":\"https://shop.example.com/about/\",\"kind\":\"post-type\",\"isTopLevelLink\":true} /-->','Navigation','','publish','closed','closed','','navigation','','','2024-05-01 08:00:00','2024-05-01 08:00:00','',0,'https://shop.example.com/?p=18',0,'wp_navigation','',0),
(19,1,'2024-04-15 09:00:00','2024-04-15 09:00:00','<!-- wp:paragraph -->\n<p>Tasse à café — <a href=\"https://shop.example.com/shop/tasse-a-cafe/\">https://shop.example.com/shop/tasse-a-cafe/</a></p>\n<!-- /wp:paragraph -->','Tasse à café','','publish','closed','closed','','tasse-a-cafe','','','2024-04-15 09:00:00','2024-04-15 09:00:00','',0,'https://shop.example.com/?p=19',0,'product','',0),
(20,1,'2024-04-15 09:00:00','2024-04-15 09:00:00','<!-- wp:paragraph -->\n<p>Tote bag 日本 — <a href=\"https://shop.example.com/shop/tote-bag/\">https://shop.example.com/shop/tote-bag/</a></p>\n<!-- /wp:paragraph -->','Tote bag 日本','','publish','closed','closed','','tote-bag','','','2024-04-15 09:00:00','2024-04-15 09:00:00','',0,'https://shop.example.com/?p=20',0,'product','',0),
(21,1,'2024-05-03 10:15:00','2024-05-03 10:15:00','','Order &ndash; May 3, 2024 @ 10:15 AM','Merci de sonner deux fois 🔔','wc-completed','closed','closed','wc_order_7b9b436cd2670','order-may-03-2024-1015-am','','','2024-05-03 10:15:00','2024-05-03 10:15:00','',0,'https://shop.example.com/?p=21',0,'shop_order','',2),
(22,1,'2024-05-06 16:40:00','2024-05-06 16:40:00','','Order &ndash; May 6, 2024 @ 04:40 PM','','wc-processing','closed','closed','wc_order_6e7f85a9d0fe9','order-may-06-2024-0440-pm','','','2024-05-06 16:40:00','2024-05-06 16:40:00','',0,'https://shop.example.com/?p=22',0,'shop_order','',2),
(23,1,'2024-05-09 07:05:00','2024-05-09 07:05:00','','Order &ndash; May 9, 2024 @ 07:05 AM','午前中に配達してください。','wc-completed','closed','closed','wc_order_18899d7d59a5a','order-may-09-2024-0705-am','','','2024-05-09 07:05:00','2024-05-09 07:05:00','',0,'https://shop.example.com/?p=23',0,'shop_order','',2);
/*!40000 ALTER TABLE `wp_posts` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_term_relationships`
--

DROP TABLE IF EXISTS `wp_term_relationships`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_term_relationships` (
  `object_id` bigint(20) unsigned NOT NULL DEFAULT 0,
  `term_taxonomy_id` bigint(20) unsigned NOT NULL DEFAULT 0,
  `term_order` int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (`object_id`,`term_taxonomy_id`),
  KEY `term_taxonomy_id` (`term_taxonomy_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_term_relationships`
--

LOCK TABLES `wp_term_relationships` WRITE;
/*!40000 ALTER TABLE `wp_term_relationships` DISABLE KEYS */;
INSERT INTO `wp_term_relationships` VALUES
(1,1,0),
(5,2,0),
(5,3,0),
(6,2,0),
(6,3,0),
(7,2,0),
(8,1,0),
(13,4,0),
(14,4,0),
(15,4,0),
(16,4,0),
(17,4,0);
/*!40000 ALTER TABLE `wp_term_relationships` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_term_taxonomy`
--

DROP TABLE IF EXISTS `wp_term_taxonomy`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_term_taxonomy` (
  `term_taxonomy_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `term_id` bigint(20) unsigned NOT NULL DEFAULT 0,
  `taxonomy` varchar(32) NOT NULL DEFAULT '',
  `description` longtext NOT NULL,
  `parent` bigint(20) unsigned NOT NULL DEFAULT 0,
  `count` bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY (`term_taxonomy_id`),
  UNIQUE KEY `term_id_taxonomy` (`term_id`,`taxonomy`),
  KEY `taxonomy` (`taxonomy`)
) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_term_taxonomy`
--

LOCK TABLES `wp_term_taxonomy` WRITE;
/*!40000 ALTER TABLE `wp_term_taxonomy` DISABLE KEYS */;
INSERT INTO `wp_term_taxonomy` VALUES
(1,1,'category','',0,1),
(2,2,'category','Les nouveautés de <a href=\"https://shop.example.com/\">la boutique</a>.',0,3),
(3,3,'post_tag','',0,2),
(4,4,'nav_menu','',0,5);
/*!40000 ALTER TABLE `wp_term_taxonomy` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_termmeta`
--

DROP TABLE IF EXISTS `wp_termmeta`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_termmeta` (
  `meta_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `term_id` bigint(20) unsigned NOT NULL DEFAULT 0,
  `meta_key` varchar(255) DEFAULT NULL,
  `meta_value` longtext DEFAULT NULL,
  PRIMARY KEY (`meta_id`),
  KEY `term_id` (`term_id`),
  KEY `meta_key` (`meta_key`(191))
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_termmeta`
--

LOCK TABLES `wp_termmeta` WRITE;
/*!40000 ALTER TABLE `wp_termmeta` DISABLE KEYS */;
INSERT INTO `wp_termmeta` VALUES
(1,2,'banner_url','https://shop.example.com/wp-content/uploads/2024/05/banner.jpg');
/*!40000 ALTER TABLE `wp_termmeta` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_terms`
--

DROP TABLE IF EXISTS `wp_terms`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_terms` (
  `term_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `name` varchar(200) NOT NULL DEFAULT '',
  `slug` varchar(200) NOT NULL DEFAULT '',
  `term_group` bigint(10) NOT NULL DEFAULT 0,
  PRIMARY KEY (`term_id`),
  KEY `slug` (`slug`(191)),
  KEY `name` (`name`(191))
) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_terms`
--

LOCK TABLES `wp_terms` WRITE;
/*!40000 ALTER TABLE `wp_terms` DISABLE KEYS */;
INSERT INTO `wp_terms` VALUES
(1,'Uncategorized','uncategorized',0),
(2,'Nouveautés','nouveautes',0),
(3,'日本','%e6%97%a5%e6%9c%ac',0),
(4,'Main menu','main-menu',0);
/*!40000 ALTER TABLE `wp_terms` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_usermeta`
--

DROP TABLE IF EXISTS `wp_usermeta`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_usermeta` (
  `umeta_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `user_id` bigint(20) unsigned NOT NULL DEFAULT 0,
  `meta_key` varchar(255) DEFAULT NULL,
  `meta_value` longtext DEFAULT NULL,
  PRIMARY KEY (`umeta_id`),
  KEY `user_id` (`user_id`),
  KEY `meta_key` (`meta_key`(191))
) ENGINE=InnoDB AUTO_INCREMENT=130 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_usermeta`
--

LOCK TABLES `wp_usermeta` WRITE;
/*!40000 ALTER TABLE `wp_usermeta` DISABLE KEYS */;
INSERT INTO `wp_usermeta` VALUES
(1,1,'nickname','admin'),
(2,1,'first_name','Alex'),
(3,1,'last_name','Martin'),
(4,1,'description',''),
(5,1,'rich_editing','true'),
(6,1,'syntax_highlighting','true'),
(7,1,'comment_shortcuts','false'),
(8,1,'admin_color','fresh'),
(9,1,'use_ssl','0'),
(10,1,'show_admin_bar_front','true'),
(11,1,'locale',''),
(12,1,'wp_capabilities','a:1:{s:13:\"administrator\";b:1;}'),
(13,1,'wp_user_level','10'),
(14,1,'dismissed_wp_pointers',''),
(15,1,'show_welcome_panel','1'),
(16,2,'nickname','marie'),
(17,2,'first_name','Marie'),
(18,2,'last_name','Dupont'),
(19,2,'description','Rédactrice en chef. Écrivez-moi : marie.dupont@example.net — ou passez à la boutique (https://shop.example.com/contact/).'),
(20,2,'rich_editing','true'),
(21,2,'syntax_highlighting','true'),
(22,2,'comment_shortcuts','false'),
(23,2,'admin_color','fresh'),
(24,2,'use_ssl','0'),
(25,2,'show_admin_bar_front','true'),
(26,2,'locale',''),
(27,2,'wp_capabilities','a:1:{s:6:\"editor\";b:1;}'),
(28,2,'wp_user_level','7'),
(29,3,'nickname','kenji'),
(30,3,'first_name','健二'),
(31,3,'last_name','山田'),
(32,3,'description','東京在住のライター。📷 写真も撮ります。'),
(33,3,'rich_editing','true'),
(34,3,'syntax_highlighting','true'),
(35,3,'comment_shortcuts','false'),
(36,3,'admin_color','fresh'),
(37,3,'use_ssl','0'),
(38,3,'show_admin_bar_front','true'),
(39,3,'locale',''),
(40,3,'wp_capabilities','a:1:{s:6:\"author\";b:1;}'),
(41,3,'wp_user_level','2'),
(42,4,'nickname','john'),
(43,4,'first_name','John'),
(44,4,'last_name','Smith'),
(45,4,'description',''),
(46,4,'rich_editing','true'),
(47,4,'syntax_highlighting','true'),
(48,4,'comment_shortcuts','false'),
(49,4,'admin_color','fresh'),
(50,4,'use_ssl','0'),
(51,4,'show_admin_bar_front','true'),
(52,4,'locale',''),
(53,4,'wp_capabilities','a:1:{s:10:\"subscriber\";b:1;}'),
(54,4,'wp_user_level','0'),
(55,2,'session_tokens','a:1:{s:64:\"b749bbcaea22328e10382918f390dffd5073468a4c805e79b4418fefb161eff5\";a:4:{s:10:\"expiration\";i:1796516539;s:2:\"ip\";s:13:\"198.51.100.23\";s:2:\"ua\";s:114:\"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15\";s:5:\"login\";i:1795306939;}}'),
(56,5,'nickname','claire'),
(57,5,'first_name','Claire'),
(58,5,'last_name','Bernard'),
(59,5,'description',''),
(60,5,'rich_editing','true'),
(61,5,'syntax_highlighting','true'),
(62,5,'comment_shortcuts','false'),
(63,5,'admin_color','fresh'),
(64,5,'use_ssl','0'),
(65,5,'show_admin_bar_front','true'),
(66,5,'locale',''),
(67,5,'wp_capabilities','a:1:{s:8:\"customer\";b:1;}'),
(68,5,'wp_user_level','0'),
(69,5,'billing_first_name','Claire'),
(70,5,'billing_last_name','Bernard'),
(71,5,'billing_company',''),
(72,5,'billing_address_1','8 rue des Lilas'),
(73,5,'billing_address_2','Bâtiment B'),
(74,5,'billing_city','Paris'),
(75,5,'billing_state',''),
(76,5,'billing_postcode','75011'),
(77,5,'billing_country','FR'),
(78,5,'billing_email','claire.bernard@fr.example.org'),
(79,5,'billing_phone','+33 6 12 34 56 78'),
(80,5,'shipping_first_name','Claire'),
(81,5,'shipping_last_name','Bernard'),
(82,5,'shipping_company',''),
(83,5,'shipping_address_1','8 rue des Lilas'),
(84,5,'shipping_address_2','Bâtiment B'),
(85,5,'shipping_city','Paris'),
(86,5,'shipping_state',''),
(87,5,'shipping_postcode','75011'),
(88,5,'shipping_country','FR'),
(89,5,'shipping_phone','+33 6 12 34 56 78'),
(90,5,'wc_last_active','1715299200'),
(91,5,'paying_customer','1'),
(92,5,'_woocommerce_persistent_cart_1','a:1:{s:4:\"cart\";a:1:{s:32:\"874348304ac4d5cab6d47d985f17cf6b\";a:11:{s:3:\"key\";s:32:\"874348304ac4d5cab6d47d985f17cf6b\";s:10:\"product_id\";i:0;s:12:\"variation_id\";i:0;s:9:\"variation\";a:0:{}s:8:\"quantity\";i:1;s:9:\"data_hash\";s:32:\"f5bf48aa40cad7891eb709fcf1fde128\";s:13:\"line_tax_data\";a:2:{s:8:\"subtotal\";a:0:{}s:5:\"total\";a:0:{}}s:13:\"line_subtotal\";d:12.5;s:17:\"line_subtotal_tax\";i:0;s:10:\"line_total\";d:12.5;s:8:\"line_tax\";i:0;}}}'),
(93,6,'nickname','tom'),
(94,6,'first_name','Tom'),
(95,6,'last_name','Baker'),
(96,6,'description',''),
(97,6,'rich_editing','true'),
(98,6,'syntax_highlighting','true'),
(99,6,'comment_shortcuts','false'),
(100,6,'admin_color','fresh'),
(101,6,'use_ssl','0'),
(102,6,'show_admin_bar_front','true'),
(103,6,'locale',''),
(104,6,'wp_capabilities','a:1:{s:8:\"customer\";b:1;}'),
(105,6,'wp_user_level','0'),
(106,6,'billing_first_name','Tom'),
(107,6,'billing_last_name','Baker'),
(108,6,'billing_company','Baker & Sons Ltd'),
(109,6,'billing_address_1','221 Baker Street'),
(110,6,'billing_address_2',''),
(111,6,'billing_city','London'),
(112,6,'billing_state',''),
(113,6,'billing_postcode','NW1 6XE'),
(114,6,'billing_country','GB'),
(115,6,'billing_email','tom.baker@uk.example.com'),
(116,6,'billing_phone','+44 20 7946 0958'),
(117,6,'shipping_first_name','Tom'),
(118,6,'shipping_last_name','Baker'),
(119,6,'shipping_company','Baker & Sons Ltd'),
(120,6,'shipping_address_1','221 Baker Street'),
(121,6,'shipping_address_2',''),
(122,6,'shipping_city','London'),
(123,6,'shipping_state',''),
(124,6,'shipping_postcode','NW1 6XE'),
(125,6,'shipping_country','GB'),
(126,6,'shipping_phone','+44 20 7946 0958'),
(127,6,'wc_last_active','1715299200'),
(128,6,'paying_customer','1'),
(129,6,'_woocommerce_persistent_cart_1','a:1:{s:4:\"cart\";a:1:{s:32:\"e0fa7b5d12d1a8cf52f0a8c34e02d2df\";a:11:{s:3:\"key\";s:32:\"e0fa7b5d12d1a8cf52f0a8c34e02d2df\";s:10:\"product_id\";i:0;s:12:\"variation_id\";i:0;s:9:\"variation\";a:0:{}s:8:\"quantity\";i:1;s:9:\"data_hash\";s:32:\"f5bf48aa40cad7891eb709fcf1fde128\";s:13:\"line_tax_data\";a:2:{s:8:\"subtotal\";a:0:{}s:5:\"total\";a:0:{}}s:13:\"line_subtotal\";d:12.5;s:17:\"line_subtotal_tax\";i:0;s:10:\"line_total\";d:12.5;s:8:\"line_tax\";i:0;}}}');
/*!40000 ALTER TABLE `wp_usermeta` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_users`
--

DROP TABLE IF EXISTS `wp_users`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_users` (
  `ID` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `user_login` varchar(60) NOT NULL DEFAULT '',
  `user_pass` varchar(255) NOT NULL DEFAULT '',
  `user_nicename` varchar(50) NOT NULL DEFAULT '',
  `user_email` varchar(100) NOT NULL DEFAULT '',
  `user_url` varchar(100) NOT NULL DEFAULT '',
  `user_registered` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  `user_activation_key` varchar(255) NOT NULL DEFAULT '',
  `user_status` int(11) NOT NULL DEFAULT 0,
  `display_name` varchar(250) NOT NULL DEFAULT '',
  PRIMARY KEY (`ID`),
  KEY `user_login_key` (`user_login`),
  KEY `user_nicename` (`user_nicename`),
  KEY `user_email` (`user_email`)
) ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_users`
--

LOCK TABLES `wp_users` WRITE;
/*!40000 ALTER TABLE `wp_users` DISABLE KEYS */;
INSERT INTO `wp_users` VALUES
(1,'admin','$P$BOQFuj8tkZ.wu/sgIfQNf8tLSjhyzd1','admin','admin@shop.example.com','https://shop.example.com','2026-11-22 00:22:19','',0,'Alex Martin'),
(2,'marie','$P$BfoB/TkqlCZuWu7ZM6bDqid/BWL7Dw.','marie','marie.dupont@example.net','https://marie-dupont.example.net','2026-11-22 00:22:19','',0,'Marie Dupont'),
(3,'kenji','$P$Bv9H5T4Ns0UCJ1Wu6V7bgL.tnSuq6w0','kenji','kenji.yamada@jp.example.net','','2026-11-22 00:22:19','',0,'山田 健二'),
(4,'john','$P$BGahMz0JZa.YN/x1uIXQi8l5sGYc.Y.','john','john.smith@example.org','http://john-smith.example.org','2026-11-22 00:22:19','',0,'John Smith'),
(5,'claire','$P$BwNucm30rZ6dhvo/IJysNuq5Ofaxi/0','claire','claire.bernard@fr.example.org','','2024-04-20 10:00:00','',0,'Claire Bernard'),
(6,'tom','$P$Bo7uQYbQFNeSMkvW4Zrv3iDpngAJqT0','tom','tom.baker@uk.example.com','','2024-04-20 10:00:00','',0,'Tom Baker');
/*!40000 ALTER TABLE `wp_users` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_wc_customer_lookup`
--

DROP TABLE IF EXISTS `wp_wc_customer_lookup`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_wc_customer_lookup` (
  `customer_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `user_id` bigint(20) unsigned DEFAULT NULL,
  `username` varchar(60) NOT NULL DEFAULT '',
  `first_name` varchar(255) NOT NULL,
  `last_name` varchar(255) NOT NULL,
  `email` varchar(100) DEFAULT NULL,
  `date_last_active` timestamp NULL DEFAULT NULL,
  `date_registered` timestamp NULL DEFAULT NULL,
  `country` char(2) NOT NULL DEFAULT '',
  `postcode` varchar(20) NOT NULL DEFAULT '',
  `city` varchar(100) NOT NULL DEFAULT '',
  `state` varchar(100) NOT NULL DEFAULT '',
  PRIMARY KEY (`customer_id`),
  UNIQUE KEY `user_id` (`user_id`),
  KEY `email` (`email`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_wc_customer_lookup`
--

LOCK TABLES `wp_wc_customer_lookup` WRITE;
/*!40000 ALTER TABLE `wp_wc_customer_lookup` DISABLE KEYS */;
INSERT INTO `wp_wc_customer_lookup` VALUES
(1,5,'claire','Claire','Bernard','claire.bernard@fr.example.org','2024-05-10 00:00:00','2024-04-20 10:00:00','FR','75011','Paris',''),
(2,6,'tom','Tom','Baker','tom.baker@uk.example.com','2024-05-10 00:00:00','2024-04-20 10:00:00','GB','NW1 6XE','London',''),
(3,NULL,'','由紀','田中','yuki.tanaka@jp.example.net','2024-05-10 00:00:00',NULL,'JP','100-0005','東京都','JP13');
/*!40000 ALTER TABLE `wp_wc_customer_lookup` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_wc_order_addresses`
--

DROP TABLE IF EXISTS `wp_wc_order_addresses`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_wc_order_addresses` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `order_id` bigint(20) unsigned NOT NULL,
  `address_type` varchar(20) DEFAULT NULL,
  `first_name` text DEFAULT NULL,
  `last_name` text DEFAULT NULL,
  `company` text DEFAULT NULL,
  `address_1` text DEFAULT NULL,
  `address_2` text DEFAULT NULL,
  `city` text DEFAULT NULL,
  `state` text DEFAULT NULL,
  `postcode` text DEFAULT NULL,
  `country` text DEFAULT NULL,
  `email` varchar(320) DEFAULT NULL,
  `phone` varchar(100) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `address_type_order_id` (`address_type`,`order_id`),
  KEY `order_id` (`order_id`),
  KEY `email` (`email`(191)),
  KEY `phone` (`phone`)
) ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_wc_order_addresses`
--

LOCK TABLES `wp_wc_order_addresses` WRITE;
/*!40000 ALTER TABLE `wp_wc_order_addresses` DISABLE KEYS */;
INSERT INTO `wp_wc_order_addresses` VALUES
(1,21,'billing','Claire','Bernard','','8 rue des Lilas','Bâtiment B','Paris','','75011','FR','claire.bernard@fr.example.org','+33 6 12 34 56 78'),
(2,21,'shipping','Claire','Bernard','','8 rue des Lilas','Bâtiment B','Paris','','75011','FR',NULL,'+33 6 12 34 56 78'),
(3,22,'billing','Tom','Baker','Baker & Sons Ltd','221 Baker Street','','London','','NW1 6XE','GB','tom.baker@uk.example.com','+44 20 7946 0958'),
(4,22,'shipping','Tom','Baker','Baker & Sons Ltd','221 Baker Street','','London','','NW1 6XE','GB',NULL,'+44 20 7946 0958'),
(5,23,'billing','由紀','田中','','千代田区丸の内1-1','','東京都','JP13','100-0005','JP','yuki.tanaka@jp.example.net','+81 3-1234-5678'),
(6,23,'shipping','由紀','田中','','千代田区丸の内1-1','','東京都','JP13','100-0005','JP',NULL,'+81 3-1234-5678');
/*!40000 ALTER TABLE `wp_wc_order_addresses` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_wc_order_operational_data`
--

DROP TABLE IF EXISTS `wp_wc_order_operational_data`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_wc_order_operational_data` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `order_id` bigint(20) unsigned DEFAULT NULL,
  `created_via` varchar(100) DEFAULT NULL,
  `woocommerce_version` varchar(20) DEFAULT NULL,
  `prices_include_tax` tinyint(1) DEFAULT NULL,
  `coupon_usages_are_counted` tinyint(1) DEFAULT NULL,
  `download_permission_granted` tinyint(1) DEFAULT NULL,
  `cart_hash` varchar(100) DEFAULT NULL,
  `new_order_email_sent` tinyint(1) DEFAULT NULL,
  `order_key` varchar(100) DEFAULT NULL,
  `order_stock_reduced` tinyint(1) DEFAULT NULL,
  `date_paid_gmt` datetime DEFAULT NULL,
  `date_completed_gmt` datetime DEFAULT NULL,
  `shipping_tax_amount` decimal(26,8) DEFAULT NULL,
  `shipping_total_amount` decimal(26,8) DEFAULT NULL,
  `discount_tax_amount` decimal(26,8) DEFAULT NULL,
  `discount_total_amount` decimal(26,8) DEFAULT NULL,
  `recorded_sales` tinyint(1) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `order_id` (`order_id`),
  KEY `order_key` (`order_key`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_wc_order_operational_data`
--

LOCK TABLES `wp_wc_order_operational_data` WRITE;
/*!40000 ALTER TABLE `wp_wc_order_operational_data` DISABLE KEYS */;
INSERT INTO `wp_wc_order_operational_data` VALUES
(1,21,'checkout','8.9.3',0,1,1,'5af2d15487b8e553eac564cb4d28e88d',1,'wc_order_7b9b436cd2670',1,'2024-05-03 10:15:00','2024-05-03 10:15:00',0.00000000,4.90000000,0.00000000,0.00000000,1),
(2,22,'checkout','8.9.3',0,1,1,'a83008af26e8c1af6abe360b45f29165',1,'wc_order_6e7f85a9d0fe9',1,'2024-05-06 16:40:00',NULL,0.00000000,4.90000000,0.00000000,0.00000000,1),
(3,23,'checkout','8.9.3',0,1,1,'35f1c2f0e09cfee849dee2dbe2e27cb4',1,'wc_order_18899d7d59a5a',1,'2024-05-09 07:05:00','2024-05-09 07:05:00',0.00000000,4.90000000,0.00000000,0.00000000,1);
/*!40000 ALTER TABLE `wp_wc_order_operational_data` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_wc_orders`
--

DROP TABLE IF EXISTS `wp_wc_orders`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_wc_orders` (
  `id` bigint(20) unsigned NOT NULL,
  `status` varchar(20) DEFAULT NULL,
  `currency` varchar(10) DEFAULT NULL,
  `type` varchar(20) DEFAULT NULL,
  `tax_amount` decimal(26,8) DEFAULT NULL,
  `total_amount` decimal(26,8) DEFAULT NULL,
  `customer_id` bigint(20) unsigned DEFAULT NULL,
  `billing_email` varchar(320) DEFAULT NULL,
  `date_created_gmt` datetime DEFAULT NULL,
  `date_updated_gmt` datetime DEFAULT NULL,
  `parent_order_id` bigint(20) unsigned DEFAULT NULL,
  `payment_method` varchar(100) DEFAULT NULL,
  `payment_method_title` text DEFAULT NULL,
  `transaction_id` varchar(100) DEFAULT NULL,
  `ip_address` varchar(100) DEFAULT NULL,
  `user_agent` text DEFAULT NULL,
  `customer_note` text DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `status` (`status`),
  KEY `date_created` (`date_created_gmt`),
  KEY `customer_id_billing_email` (`customer_id`,`billing_email`(171)),
  KEY `billing_email` (`billing_email`(191)),
  KEY `type_status_date` (`type`,`status`,`date_created_gmt`),
  KEY `parent_order_id` (`parent_order_id`),
  KEY `date_updated` (`date_updated_gmt`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_wc_orders`
--

LOCK TABLES `wp_wc_orders` WRITE;
/*!40000 ALTER TABLE `wp_wc_orders` DISABLE KEYS */;
INSERT INTO `wp_wc_orders` VALUES
(21,'wc-completed','EUR','shop_order',0.00000000,29.90000000,5,'claire.bernard@fr.example.org','2024-05-03 10:15:00','2024-05-03 10:15:00',0,'stripe','Carte bancaire (Stripe)','pi_3PAbCdEfGh000001','203.0.113.45','Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0','Merci de sonner deux fois 🔔'),
(22,'wc-processing','EUR','shop_order',0.00000000,37.30000000,6,'tom.baker@uk.example.com','2024-05-06 16:40:00','2024-05-06 16:40:00',0,'stripe','Carte bancaire (Stripe)','pi_3PAbCdEfGh000002','2001:db8:85a3::8a2e:370:7334','Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',''),
(23,'wc-completed','EUR','shop_order',0.00000000,64.60000000,0,'yuki.tanaka@jp.example.net','2024-05-09 07:05:00','2024-05-09 07:05:00',0,'stripe','Carte bancaire (Stripe)','pi_3PAbCdEfGh000003','198.51.100.101','Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0','午前中に配達してください。');
/*!40000 ALTER TABLE `wp_wc_orders` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_wc_orders_meta`
--

DROP TABLE IF EXISTS `wp_wc_orders_meta`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_wc_orders_meta` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `order_id` bigint(20) unsigned DEFAULT NULL,
  `meta_key` varchar(255) DEFAULT NULL,
  `meta_value` text DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `meta_key_value` (`meta_key`(100),`meta_value`(82)),
  KEY `order_id_meta_key_meta_value` (`order_id`,`meta_key`(100),`meta_value`(82))
) ENGINE=InnoDB AUTO_INCREMENT=19 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_wc_orders_meta`
--

LOCK TABLES `wp_wc_orders_meta` WRITE;
/*!40000 ALTER TABLE `wp_wc_orders_meta` DISABLE KEYS */;
INSERT INTO `wp_wc_orders_meta` VALUES
(1,21,'_wc_order_attribution_source_type','referral'),
(2,21,'_wc_order_attribution_referrer','https://www.google.com/'),
(3,21,'_wc_order_attribution_session_entry','https://shop.example.com/shop/?utm_source=newsletter&utm_medium=email'),
(4,21,'_wc_order_attribution_user_agent','Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'),
(5,21,'_stripe_customer_id','cus_26197def38fb18'),
(6,21,'is_vat_exempt','no'),
(7,22,'_wc_order_attribution_source_type','referral'),
(8,22,'_wc_order_attribution_referrer','https://www.google.com/'),
(9,22,'_wc_order_attribution_session_entry','https://shop.example.com/shop/?utm_source=newsletter&utm_medium=email'),
(10,22,'_wc_order_attribution_user_agent','Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'),
(11,22,'_stripe_customer_id','cus_e4ac154db8c089'),
(12,22,'is_vat_exempt','no'),
(13,23,'_wc_order_attribution_source_type','referral'),
(14,23,'_wc_order_attribution_referrer','https://www.google.com/'),
(15,23,'_wc_order_attribution_session_entry','https://shop.example.com/shop/?utm_source=newsletter&utm_medium=email'),
(16,23,'_wc_order_attribution_user_agent','Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0'),
(17,23,'_stripe_customer_id','cus_1a4f22ec35ca9a'),
(18,23,'is_vat_exempt','no');
/*!40000 ALTER TABLE `wp_wc_orders_meta` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_woocommerce_order_itemmeta`
--

DROP TABLE IF EXISTS `wp_woocommerce_order_itemmeta`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_woocommerce_order_itemmeta` (
  `meta_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `order_item_id` bigint(20) unsigned NOT NULL,
  `meta_key` varchar(255) DEFAULT NULL,
  `meta_value` longtext DEFAULT NULL,
  PRIMARY KEY (`meta_id`),
  KEY `order_item_id` (`order_item_id`),
  KEY `meta_key` (`meta_key`(32))
) ENGINE=InnoDB AUTO_INCREMENT=55 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_woocommerce_order_itemmeta`
--

LOCK TABLES `wp_woocommerce_order_itemmeta` WRITE;
/*!40000 ALTER TABLE `wp_woocommerce_order_itemmeta` DISABLE KEYS */;
INSERT INTO `wp_woocommerce_order_itemmeta` VALUES
(1,1,'_product_id','19'),
(2,1,'_variation_id','0'),
(3,1,'_qty','2'),
(4,1,'_tax_class',''),
(5,1,'_line_subtotal','25'),
(6,1,'_line_subtotal_tax','0'),
(7,1,'_line_total','25'),
(8,1,'_line_tax','0'),
(9,1,'_line_tax_data','a:2:{s:5:\"total\";a:0:{}s:8:\"subtotal\";a:0:{}}'),
(10,2,'method_id','flat_rate'),
(11,2,'instance_id','1'),
(12,2,'cost','4.90'),
(13,2,'total_tax','0'),
(14,2,'taxes','a:1:{s:5:\"total\";a:0:{}}'),
(15,2,'Articles','Tasse à café &times; 1'),
(16,3,'_product_id','19'),
(17,3,'_variation_id','0'),
(18,3,'_qty','1'),
(19,3,'_tax_class',''),
(20,3,'_line_subtotal','12.5'),
(21,3,'_line_subtotal_tax','0'),
(22,3,'_line_total','12.5'),
(23,3,'_line_tax','0'),
(24,3,'_line_tax_data','a:2:{s:5:\"total\";a:0:{}s:8:\"subtotal\";a:0:{}}'),
(25,4,'_product_id','20'),
(26,4,'_variation_id','0'),
(27,4,'_qty','1'),
(28,4,'_tax_class',''),
(29,4,'_line_subtotal','19.9'),
(30,4,'_line_subtotal_tax','0'),
(31,4,'_line_total','19.9'),
(32,4,'_line_tax','0'),
(33,4,'_line_tax_data','a:2:{s:5:\"total\";a:0:{}s:8:\"subtotal\";a:0:{}}'),
(34,5,'method_id','flat_rate'),
(35,5,'instance_id','1'),
(36,5,'cost','4.90'),
(37,5,'total_tax','0'),
(38,5,'taxes','a:1:{s:5:\"total\";a:0:{}}'),
(39,5,'Articles','Tasse à café &times; 1'),
(40,6,'_product_id','20'),
(41,6,'_variation_id','0'),
(42,6,'_qty','3'),
(43,6,'_tax_class',''),
(44,6,'_line_subtotal','59.7'),
(45,6,'_line_subtotal_tax','0'),
(46,6,'_line_total','59.7'),
(47,6,'_line_tax','0'),
(48,6,'_line_tax_data','a:2:{s:5:\"total\";a:0:{}s:8:\"subtotal\";a:0:{}}'),
(49,7,'method_id','flat_rate'),
(50,7,'instance_id','1'),
(51,7,'cost','4.90'),
(52,7,'total_tax','0'),
(53,7,'taxes','a:1:{s:5:\"total\";a:0:{}}'),
(54,7,'Articles','Tasse à café &times; 1');
/*!40000 ALTER TABLE `wp_woocommerce_order_itemmeta` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_woocommerce_order_items`
--

DROP TABLE IF EXISTS `wp_woocommerce_order_items`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_woocommerce_order_items` (
  `order_item_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `order_item_name` text NOT NULL,
  `order_item_type` varchar(200) NOT NULL DEFAULT '',
  `order_id` bigint(20) unsigned NOT NULL,
  PRIMARY KEY (`order_item_id`),
  KEY `order_id` (`order_id`)
) ENGINE=InnoDB AUTO_INCREMENT=8 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_woocommerce_order_items`
--

LOCK TABLES `wp_woocommerce_order_items` WRITE;
/*!40000 ALTER TABLE `wp_woocommerce_order_items` DISABLE KEYS */;
INSERT INTO `wp_woocommerce_order_items` VALUES
(1,'Tasse à café','line_item',21),
(2,'Colissimo','shipping',21),
(3,'Tasse à café','line_item',22),
(4,'Tote bag 日本','line_item',22),
(5,'Colissimo','shipping',22),
(6,'Tote bag 日本','line_item',23),
(7,'Colissimo','shipping',23);
/*!40000 ALTER TABLE `wp_woocommerce_order_items` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `wp_woocommerce_sessions`
--

DROP TABLE IF EXISTS `wp_woocommerce_sessions`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `wp_woocommerce_sessions` (
  `session_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `session_key` char(32) NOT NULL,
  `session_value` longtext NOT NULL,
  `session_expiry` bigint(20) unsigned NOT NULL,
  PRIMARY KEY (`session_id`),
  UNIQUE KEY `session_key` (`session_key`)
) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wp_woocommerce_sessions`
--

LOCK TABLES `wp_woocommerce_sessions` WRITE;
/*!40000 ALTER TABLE `wp_woocommerce_sessions` DISABLE KEYS */;
INSERT INTO `wp_woocommerce_sessions` VALUES
(1,'5','a:7:{s:4:\"cart\";s:234:\"a:1:{s:32:\"874348304ac4d5cab6d47d985f17cf6b\";a:7:{s:3:\"key\";s:32:\"874348304ac4d5cab6d47d985f17cf6b\";s:10:\"product_id\";i:19;s:12:\"variation_id\";i:0;s:9:\"variation\";a:0:{}s:8:\"quantity\";i:1;s:10:\"line_total\";d:12.5;s:8:\"line_tax\";i:0;}}\";s:11:\"cart_totals\";s:90:\"a:3:{s:8:\"subtotal\";s:5:\"12.50\";s:14:\"shipping_total\";s:4:\"4.90\";s:5:\"total\";s:5:\"17.40\";}\";s:15:\"applied_coupons\";s:6:\"a:0:{}\";s:23:\"chosen_shipping_methods\";s:29:\"a:1:{i:0;s:11:\"flat_rate:1\";}\";s:8:\"customer\";s:943:\"a:27:{s:2:\"id\";s:1:\"5\";s:13:\"date_modified\";s:25:\"2024-05-10T08:00:00+00:00\";s:8:\"postcode\";s:5:\"75011\";s:4:\"city\";s:5:\"Paris\";s:9:\"address_1\";s:15:\"8 rue des Lilas\";s:9:\"address_2\";s:11:\"Bâtiment B\";s:5:\"state\";s:0:\"\";s:7:\"country\";s:2:\"FR\";s:7:\"address\";s:15:\"8 rue des Lilas\";s:17:\"shipping_postcode\";s:5:\"75011\";s:13:\"shipping_city\";s:5:\"Paris\";s:18:\"shipping_address_1\";s:15:\"8 rue des Lilas\";s:18:\"shipping_address_2\";s:11:\"Bâtiment B\";s:14:\"shipping_state\";s:0:\"\";s:16:\"shipping_country\";s:2:\"FR\";s:16:\"shipping_address\";s:15:\"8 rue des Lilas\";s:13:\"is_vat_exempt\";s:0:\"\";s:19:\"calculated_shipping\";s:1:\"1\";s:10:\"first_name\";s:6:\"Claire\";s:9:\"last_name\";s:7:\"Bernard\";s:7:\"company\";s:0:\"\";s:5:\"phone\";s:17:\"+33 6 12 34 56 78\";s:5:\"email\";s:29:\"claire.bernard@fr.example.org\";s:19:\"shipping_first_name\";s:6:\"Claire\";s:18:\"shipping_last_name\";s:7:\"Bernard\";s:16:\"shipping_company\";s:0:\"\";s:14:\"shipping_phone\";s:17:\"+33 6 12 34 56 78\";}\";s:10:\"wc_notices\";N;s:22:\"order_awaiting_payment\";N;}',1893456000),
(2,'t_c750ebb674fb76f9e83cdccf2b0895','a:7:{s:4:\"cart\";s:234:\"a:1:{s:32:\"519c85d26ef45d2376b3849481838cb0\";a:7:{s:3:\"key\";s:32:\"519c85d26ef45d2376b3849481838cb0\";s:10:\"product_id\";i:19;s:12:\"variation_id\";i:0;s:9:\"variation\";a:0:{}s:8:\"quantity\";i:1;s:10:\"line_total\";d:12.5;s:8:\"line_tax\";i:0;}}\";s:11:\"cart_totals\";s:90:\"a:3:{s:8:\"subtotal\";s:5:\"12.50\";s:14:\"shipping_total\";s:4:\"4.90\";s:5:\"total\";s:5:\"17.40\";}\";s:15:\"applied_coupons\";s:6:\"a:0:{}\";s:23:\"chosen_shipping_methods\";s:29:\"a:1:{i:0;s:11:\"flat_rate:1\";}\";s:8:\"customer\";s:968:\"a:27:{s:2:\"id\";s:1:\"0\";s:13:\"date_modified\";s:25:\"2024-05-10T08:00:00+00:00\";s:8:\"postcode\";s:8:\"100-0005\";s:4:\"city\";s:9:\"東京都\";s:9:\"address_1\";s:24:\"千代田区丸の内1-1\";s:9:\"address_2\";s:0:\"\";s:5:\"state\";s:4:\"JP13\";s:7:\"country\";s:2:\"JP\";s:7:\"address\";s:24:\"千代田区丸の内1-1\";s:17:\"shipping_postcode\";s:8:\"100-0005\";s:13:\"shipping_city\";s:9:\"東京都\";s:18:\"shipping_address_1\";s:24:\"千代田区丸の内1-1\";s:18:\"shipping_address_2\";s:0:\"\";s:14:\"shipping_state\";s:4:\"JP13\";s:16:\"shipping_country\";s:2:\"JP\";s:16:\"shipping_address\";s:24:\"千代田区丸の内1-1\";s:13:\"is_vat_exempt\";s:0:\"\";s:19:\"calculated_shipping\";s:1:\"1\";s:10:\"first_name\";s:6:\"由紀\";s:9:\"last_name\";s:6:\"田中\";s:7:\"company\";s:0:\"\";s:5:\"phone\";s:15:\"+81 3-1234-5678\";s:5:\"email\";s:26:\"yuki.tanaka@jp.example.net\";s:19:\"shipping_first_name\";s:6:\"由紀\";s:18:\"shipping_last_name\";s:6:\"田中\";s:16:\"shipping_company\";s:0:\"\";s:14:\"shipping_phone\";s:15:\"+81 3-1234-5678\";}\";s:10:\"wc_notices\";N;s:22:\"order_awaiting_payment\";N;}',1893456000);
/*!40000 ALTER TABLE `wp_woocommerce_sessions` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed
