#!/usr/bin/env python3
"""Writes a realistic WordPress + WooCommerce dump in mariadb-dump's format.

usage: gen-dump.py SIZE_MB [URL] > dump.sql

Posts with Gutenberg blocks (JSON-escaped and URL-encoded links), multibyte
text, serialized postmeta and options with URLs (nested, double-serialized,
objects with private properties), users with session tokens, comments with
emails and IPs, WooCommerce orders in both storages (postmeta and HPOS).
Deterministic: the same size gives the same bytes.
"""
import random
import sys

size = int(sys.argv[1]) * 1024 * 1024
url = sys.argv[2] if len(sys.argv) > 2 else "https://example.com"
rng = random.Random(42)
out = sys.stdout
written = 0

ESC = str.maketrans({"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\0": "\\0", "\x1a": "\\Z"})


def q(v):
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    return "'" + v.translate(ESC) + "'"


def ser(v):
    if isinstance(v, dict):
        return "a:%d:{%s}" % (len(v), "".join(ser(k) + ser(x) for k, x in v.items()))
    if isinstance(v, int):
        return "i:%d;" % v
    b = v.encode()
    return 's:%d:"%s";' % (len(b), v)


WORDS = "the quick brown fox jumps over lazy dog café naïve 日本語 テキスト émoji 🎉 shop order item price".split()


def words(n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def emit(s):
    global written
    out.write(s)
    written += len(s.encode())


def table(name, create, rows):
    emit("--\n-- Table structure for table `%s`\n--\n\nDROP TABLE IF EXISTS `%s`;\nCREATE TABLE `%s` %s;\n\n" % (name, name, name, create))
    emit("LOCK TABLES `%s` WRITE;\n/*!40000 ALTER TABLE `%s` DISABLE KEYS */;\n" % (name, name))
    batch, blen = [], 0
    for row in rows:
        r = "(" + ",".join(q(v) for v in row) + ")"
        batch.append(r)
        blen += len(r)
        if blen > 1_000_000:
            emit("INSERT INTO `%s` VALUES %s;\n" % (name, ",".join(batch)))
            batch, blen = [], 0
    if batch:
        emit("INSERT INTO `%s` VALUES %s;\n" % (name, ",".join(batch)))
    emit("/*!40000 ALTER TABLE `%s` ENABLE KEYS */;\nUNLOCK TABLES;\n\n" % name)


def cols(*names):
    return "(\n" + ",\n".join("  `%s` longtext" % n for n in names) + ",\n  PRIMARY KEY (`%s`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4" % names[0]


def person(i):
    return "Person%d" % i, "Family%d" % (i % 977), "person%d@mail-provider.net" % i, "81.2.%d.%d" % (i % 250, i % 200 + 1), "+44 20 7946 %04d" % (i % 10000)


budget = {"posts": 0.45, "postmeta": 0.25, "comments": 0.1, "orders": 0.2}


def limited(share, gen):
    stop = written + size * share
    i = 0
    while written < stop:
        i += 1
        for row in gen(i):
            yield row


def posts(i):
    jurl = url.replace("/", "\\/")
    enc = url.replace(":", "%3A").replace("/", "%2F")
    body = "".join(
        '<!-- wp:paragraph -->\n<p>%s <a href="%s/%s/">%s</a> share https://twitter.com/intent/tweet?url=%s%%2F%d</p>\n<!-- /wp:paragraph -->\n'
        '<!-- wp:image {"id":%d,"url":"%s\\/wp-content\\/uploads\\/2024\\/%d.jpg"} -->\n<figure><img src="%s/wp-content/uploads/2024/%d.jpg"/></figure>\n<!-- /wp:image -->\n'
        % (words(40), url, words(1), words(3), enc, i, i, jurl, i, url, i)
        for _ in range(rng.randint(2, 6))
    ) + "<p>%s</p>" % words(200)
    yield (i, 1, "2024-01-02 10:00:00", body, words(6), "publish", "post", "%s/?p=%d" % (url, i))


def postmeta(i):
    meta = {"width": 1024, "height": 768, "file": "2024/%d.jpg" % i, "sizes": {"thumb": {"file": "%d-150.jpg" % i, "url": "%s/wp-content/uploads/2024/%d-150.jpg" % (url, i)}}}
    yield (2 * i, i, "_wp_attachment_metadata", ser(meta))
    yield (2 * i + 1, i, "_links", ser(ser({"home": url + "/x/%d" % i, "note": words(8)})))


def comments(i):
    first, last, email, ip, _ = person(i)
    yield (i, i % 500 + 1, "%s %s" % (first, last), email, "https://blog%d.net" % i, ip, words(60), "Mozilla/5.0 (X11; Linux x86_64)", "comment")


def orders(i):
    first, last, email, ip, phone = person(i + 100000)
    yield ("hpos", (i, "wc-completed", "GBP", "12.50", i % 300, email, ip, "Mozilla/5.0", words(10)))
    yield ("addr", (i, i, "billing", first, last, "ACME", "%d Long Street" % i, "", "London", "SW1A 1AA", "GB", email, phone))
    for k, v in (("_billing_email", email), ("_billing_phone", phone), ("_billing_first_name", first), ("_billing_last_name", last), ("_customer_ip_address", ip)):
        yield ("meta", (i * 10 + len(k), 500000 + i, k, v))


emit("/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)\n--\n-- Host: localhost    Database: wordpress\n"
     "-- ------------------------------------------------------\n-- Server version\t10.11.6-MariaDB-0+deb12u1\n\n/*!40101 SET NAMES utf8mb4 */;\n/*!40103 SET TIME_ZONE='+00:00' */;\n\n")
options = [(1, "siteurl", url, "yes"), (2, "home", url, "yes"), (3, "admin_email", "owner@mail-provider.net", "yes"),
           (4, "widget_text", ser({"2": {"title": "Links", "text": '<a href="%s/contact">Contact</a>' % url}}), "yes"),
           (5, "my_banner", 'O:6:"Banner":1:{s:11:"\0Banner\0url";s:%d:"%s/b";}' % (len(url) + 2, url), "no")]
table("wp_options", cols("option_id", "option_name", "option_value", "autoload"), options)
users = [(i, "user%d" % i, "$P$Bhash%d" % i, "user%d" % i, person(i)[2], "", "2024-01-01 00:00:00", "", 0, "User %d" % i) for i in range(1, 301)]
usermeta = []
for i in range(1, 301):
    first, last, email, ip, phone = person(i)
    usermeta += [(4 * i, i, "first_name", first), (4 * i + 1, i, "last_name", last), (4 * i + 2, i, "billing_phone", phone),
                 (4 * i + 3, i, "session_tokens", ser({"%064d" % i: {"expiration": 1700000000, "ip": ip, "ua": "Mozilla/5.0", "login": 1690000000}}))]
table("wp_usermeta", cols("umeta_id", "user_id", "meta_key", "meta_value"), usermeta)
table("wp_users", cols("ID", "user_login", "user_pass", "user_nicename", "user_email", "user_url", "user_registered", "user_activation_key", "user_status", "display_name"), users)
table("wp_posts", cols("ID", "post_author", "post_date", "post_content", "post_title", "post_status", "post_type", "guid"), limited(budget["posts"], posts))
table("wp_postmeta", cols("meta_id", "post_id", "meta_key", "meta_value"), limited(budget["postmeta"], postmeta))
table("wp_comments", cols("comment_ID", "comment_post_ID", "comment_author", "comment_author_email", "comment_author_url", "comment_author_IP", "comment_content", "comment_agent", "comment_type"), limited(budget["comments"], comments))
hpos, addr, meta = [], [], []
for kind, row in limited(budget["orders"], orders):
    {"hpos": hpos, "addr": addr, "meta": meta}[kind].append(row)
    if len(meta) > 20000:
        break
table("wp_wc_orders", cols("id", "status", "currency", "total_amount", "customer_id", "billing_email", "ip_address", "user_agent", "customer_note"), hpos)
table("wp_wc_order_addresses", cols("id", "order_id", "address_type", "first_name", "last_name", "company", "address_1", "address_2", "city", "postcode", "country", "email", "phone"), addr)
# The rest of the orders budget goes to legacy order postmeta.
table("wp_postmeta", cols("meta_id", "post_id", "meta_key", "meta_value"), (r for k, r in limited(max(0.0, (size - written) / size), orders) if k == "meta"))
emit("-- Dump completed on 2026-11-01 12:00:00\n")
