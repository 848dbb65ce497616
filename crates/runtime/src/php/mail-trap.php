<?php
/*
 * The sendmail of a fenced instance: PHP's mail() (and through it every
 * mailer forced onto the mail() transport) hands the message here instead of
 * to a mail server. Usage: php mail-trap.php MAILDIR|- [sendmail options...]
 *
 * Each message becomes MAILDIR/ID.eml, byte for byte as the mailer wrote it,
 * and MAILDIR/ID.json, its decoded From, recipients and Subject for
 * `slipway mail`. IDs sort by the time the message was caught. Both files are
 * written under a temporary name and renamed, the index last: a message is
 * listed only once it is complete.
 *
 * With `-` instead of MAILDIR the message is kept nowhere and its index is
 * written to standard error as one line, `slipway mail trap: {JSON}`: where
 * an instance has no disk of its own (a Kubernetes pod), its log shows what
 * was caught, and the message still never leaves.
 */
if ($argc < 2) {
    fwrite(STDERR, "usage: php mail-trap.php MAILDIR|- [sendmail options...]\n");
    exit(64);
}
umask(077);
$dir = $argv[1] === '-' ? null : rtrim($argv[1], '/');
if ($dir !== null && !is_dir($dir) && !mkdir($dir, 0700, true) && !is_dir($dir)) {
    fwrite(STDERR, "mail-trap: cannot create $dir\n");
    exit(73);
}
$raw = stream_get_contents(STDIN);
if ($raw === false) {
    fwrite(STDERR, "mail-trap: cannot read the message\n");
    exit(74);
}
$now = microtime(true);
$seconds = (int) floor($now);
$id = gmdate('Ymd\THis', $seconds) . sprintf('.%06dZ', (int) (($now - $seconds) * 1000000))
    . '-' . bin2hex(random_bytes(4));

// The header block ends at the first empty line; folded lines continue the
// header before them.
$split = preg_split("/\r?\n\r?\n/", $raw, 2);
$head = preg_replace("/\r?\n[ \t]+/", ' ', $split[0]);
$headers = array();
foreach (preg_split("/\r?\n/", $head) as $line) {
    $colon = strpos($line, ':');
    if ($colon === false || $colon === 0) {
        continue;
    }
    $name = strtolower(trim(substr($line, 0, $colon)));
    $headers[$name][] = slipway_trap_decode(trim(substr($line, $colon + 1)));
}
$to = array();
foreach (array('to', 'cc', 'bcc') as $field) {
    foreach (isset($headers[$field]) ? $headers[$field] : array() as $value) {
        foreach (slipway_trap_addresses($value) as $address) {
            $to[] = $address;
        }
    }
}
// The envelope sender, from `-f`, when the mailer gave one.
$sender = null;
for ($i = 2; $i < $argc; $i++) {
    if (strncmp($argv[$i], '-f', 2) === 0) {
        $sender = strlen($argv[$i]) > 2 ? substr($argv[$i], 2) : (isset($argv[$i + 1]) ? $argv[$i + 1] : null);
    }
}
$index = array(
    'id' => $id,
    'time' => gmdate('Y-m-d\TH:i:s\Z', $seconds),
    'from' => isset($headers['from']) ? $headers['from'][0] : (string) $sender,
    'to' => $to,
    'subject' => isset($headers['subject']) ? $headers['subject'][0] : '',
    'sender' => $sender,
    'bytes' => strlen($raw),
);
$json = json_encode($index, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
if ($dir === null) {
    fwrite(STDERR, "slipway mail trap: $json\n");
    exit(0);
}
if (!slipway_trap_write("$dir/$id.eml", $raw) || !slipway_trap_write("$dir/$id.json", $json . "\n")) {
    fwrite(STDERR, "mail-trap: cannot write the message into $dir\n");
    exit(73);
}
exit(0);

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?...?=`) of a header value. */
function slipway_trap_decode($value)
{
    if (strpos($value, '=?') === false) {
        return $value;
    }
    if (function_exists('iconv_mime_decode')) {
        $decoded = iconv_mime_decode($value, ICONV_MIME_DECODE_CONTINUE_ON_ERROR, 'UTF-8');
        if ($decoded !== false) {
            return $decoded;
        }
    }
    if (function_exists('mb_decode_mimeheader')) {
        return mb_decode_mimeheader($value);
    }
    return $value;
}

/** The addresses of an address-list header, display names kept. */
function slipway_trap_addresses($value)
{
    $addresses = array();
    // Commas inside quoted display names do not separate addresses.
    foreach (preg_split('/,(?=(?:[^"]*"[^"]*")*[^"]*$)/', $value) as $part) {
        $part = trim($part);
        if ($part !== '') {
            $addresses[] = $part;
        }
    }
    return $addresses;
}

function slipway_trap_write($path, $bytes)
{
    $temporary = dirname($path) . '/.' . basename($path) . '.tmp';
    if (file_put_contents($temporary, $bytes) !== strlen($bytes)) {
        @unlink($temporary);
        return false;
    }
    return rename($temporary, $path);
}
