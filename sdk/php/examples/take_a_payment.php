<?php

/*
 * Take a payment: the getting-started flow with the PHP SDK.
 *
 *     OI_PAYMENTS_URL=http://localhost:8080 OI_API_KEY=oi_test_… OI_API_SECRET=… php examples/take_a_payment.php
 */

declare(strict_types=1);

// In an app that installed oi-payments/sdk with Composer: require 'vendor/autoload.php'.
require __DIR__ . '/../autoload.php';

use OiPayments\Generated\Model\CreatePayment;
use OiPayments\OiPayments;
use OiPayments\OiPaymentsException;

function main(): int
{
    $oi = new OiPayments((string) getenv('OI_PAYMENTS_URL'), (string) getenv('OI_API_KEY'), (string) getenv('OI_API_SECRET'));
    $me = $oi->me();
    echo "Signed in as {$me->getName()} ({$me->getMode()})\n";
    $orderId = 'A-' . bin2hex(random_bytes(4));
    try {
        $payment = $oi->payments->create(
            new CreatePayment(['amountMinor' => 85_000, 'customerReference' => 'cust_42', 'productName' => 'T-shirt', 'orderId' => $orderId]),
            // The same key on a retry of this order gets the same payment, never a second one.
            "order-$orderId",
        );
    } catch (OiPaymentsException $error) {
        echo "The API refused: {$error->errorCode}: {$error->getMessage()} (request {$error->requestId})\n";
        return 1;
    }
    // Send the customer here; the outcome arrives as a webhook (payment.succeeded or payment.failed).
    echo "Checkout URL: {$payment->getCheckoutUrl()}\n";
    $read = $oi->payments->retrieve($payment->getReference());
    echo "{$read->getReference()} is {$read->getStatus()}, {$read->getAmountMinor()} {$read->getCurrency()} minor units\n";
    return 0;
}

exit(main());
