<?php

declare(strict_types=1);

/*
 * The SDK's classes without Composer: the same PSR-4 mapping as composer.json (OiPayments\ => src/).
 * The package's own tests and example load it, so they run from a checkout with no vendor/ folder
 * (Packagist is never needed); an app that installed the package with Composer uses vendor/autoload.php.
 */
spl_autoload_register(static function (string $class): void {
    $prefix = 'OiPayments\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
