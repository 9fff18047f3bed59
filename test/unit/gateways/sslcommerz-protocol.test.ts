import { createHash } from 'node:crypto';
import {
  IPN_FIELDS,
  outcomeOf,
  refundOutcomeOf,
  signIpn,
  verifyIpnSignature,
} from '../../../gateways/sslcommerz/protocol.js';

const PASSWORD = 'testbox@ssl';

/** Shaped like a published sandbox IPN; value_a carries characters that URL-encoding would change. */
const IPN: Record<string, string> = {
  status: 'VALID',
  tran_date: '2020-12-01 17:46:17',
  tran_id: '5fc62f0d8b5a1',
  val_id: '2012011746171RZ8fXrSe0HBqLQ',
  amount: '400.00',
  store_amount: '390.00',
  currency: 'BDT',
  bank_tran_id: '201201174617HEUg0jPbeU3ngV',
  card_type: 'BKASH-BKash',
  card_no: '',
  card_issuer: 'BKash Mobile Banking',
  card_brand: 'MOBILEBANKING',
  card_sub_brand: 'Classic',
  card_issuer_country: 'Bangladesh',
  card_issuer_country_code: 'BD',
  currency_type: 'BDT',
  currency_amount: '400.00',
  currency_rate: '1.0000',
  base_fair: '0.00',
  value_a: 'order 7 & co=ü',
  value_b: '',
  value_c: '',
  value_d: '',
  risk_level: '0',
  risk_title: 'Safe',
  error: '',
  store_id: 'testbox',
};

const REAL_VERIFY_KEY =
  'amount,bank_tran_id,base_fair,card_brand,card_issuer,card_issuer_country,card_issuer_country_code,' +
  'card_no,card_sub_brand,card_type,currency,currency_amount,currency_rate,currency_type,error,risk_level,' +
  'risk_title,status,store_amount,store_id,tran_date,tran_id,val_id,value_a,value_b,value_c,value_d';

/** The reference's steps, written out independently of the code under test. */
function referenceSign(
  fields: Record<string, string>,
  verifyKey: string,
  password: string,
  algorithm: string,
) {
  const hash = (text: string) => createHash(algorithm).update(text, 'utf8').digest('hex');
  const data: Record<string, string> = {};
  for (const key of verifyKey.split(',')) {
    if (fields[key] !== undefined) data[key] = fields[key] as string;
  }
  data.store_passwd = hash(password);
  const sorted = Object.keys(data).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return hash(sorted.map((key) => `${key}=${data[key]}`).join('&'));
}

describe('SSLCOMMERZ IPN signature', () => {
  it('matches a known-answer vector', () => {
    const signature = signIpn(IPN, PASSWORD);
    expect(signature.verify_key).toBe(REAL_VERIFY_KEY);
    // Computed once with Python's hashlib from the same steps.
    expect(signature.verify_sign).toBe('caffe88216c1a9c5f5154b5a2a9a8184');
    expect(signature.verify_sign_sha2).toBe(
      '2c5d43618838ea19db168e881d3c8be2735d0e1edcf111118bdb6e7631b63a2a',
    );
    expect(signature.verify_sign).toBe(referenceSign(IPN, REAL_VERIFY_KEY, PASSWORD, 'md5'));
    expect(signature.verify_sign_sha2).toBe(referenceSign(IPN, REAL_VERIFY_KEY, PASSWORD, 'sha256'));
  });

  it('round-trips', () => {
    expect(verifyIpnSignature({ ...IPN, ...signIpn(IPN, PASSWORD) }, PASSWORD)).toBe(true);
  });

  it('rejects the wrong password', () => {
    expect(verifyIpnSignature({ ...IPN, ...signIpn(IPN, PASSWORD) }, 'another@ssl')).toBe(false);
  });

  it.each(['amount', 'status', 'val_id', 'value_a', 'card_no'])('rejects a tampered %s', (field) => {
    const signed: Record<string, string> = { ...IPN, ...signIpn(IPN, PASSWORD) };
    expect(verifyIpnSignature({ ...signed, [field]: `${signed[field]}1` }, PASSWORD)).toBe(false);
  });

  it('skips keys listed in verify_key but absent from the payload', () => {
    const { card_sub_brand: _dropped, error: _alsoDropped, ...older } = IPN;
    const signed = {
      ...older,
      verify_key: REAL_VERIFY_KEY,
      verify_sign: referenceSign(older, REAL_VERIFY_KEY, PASSWORD, 'md5'),
      verify_sign_sha2: referenceSign(older, REAL_VERIFY_KEY, PASSWORD, 'sha256'),
    };
    expect(verifyIpnSignature(signed, PASSWORD)).toBe(true);
  });

  it('accepts a payload whose sha2 hash alone is right', () => {
    const signed = { ...IPN, ...signIpn(IPN, PASSWORD) };
    expect(verifyIpnSignature({ ...signed, verify_sign: '0'.repeat(32) }, PASSWORD)).toBe(true);
  });

  it('accepts a payload whose md5 hash alone is right', () => {
    const { verify_sign_sha2: _sha2, ...signed } = { ...IPN, ...signIpn(IPN, PASSWORD) };
    expect(verifyIpnSignature(signed, PASSWORD)).toBe(true);
  });

  it('accepts upper-case hex', () => {
    const signature = signIpn(IPN, PASSWORD);
    const upper = { ...IPN, ...signature, verify_sign: signature.verify_sign.toUpperCase() };
    expect(verifyIpnSignature({ ...upper, verify_sign_sha2: '' }, PASSWORD)).toBe(true);
  });

  it('rejects a payload without verify_sign or verify_key', () => {
    const signed = { ...IPN, ...signIpn(IPN, PASSWORD) };
    const { verify_sign: _md5, ...noMd5 } = signed;
    const { verify_key: _key, ...noKey } = signed;
    expect(verifyIpnSignature(noMd5, PASSWORD)).toBe(false);
    expect(verifyIpnSignature(noKey, PASSWORD)).toBe(false);
    expect(verifyIpnSignature({ ...signed, verify_key: '' }, PASSWORD)).toBe(false);
  });

  it('rejects a genuine signature over a verify_key that leaves out a deciding field', () => {
    const keys = IPN_FIELDS.filter((key) => key !== 'amount');
    const signed = { ...IPN, ...signIpn(IPN, PASSWORD, keys) };
    expect(verifyIpnSignature(signed, PASSWORD)).toBe(false);
  });

  it('rejects hashes of the wrong length without throwing', () => {
    const signed = { ...IPN, ...signIpn(IPN, PASSWORD) };
    expect(verifyIpnSignature({ ...signed, verify_sign: 'abc', verify_sign_sha2: 'abc' }, PASSWORD)).toBe(
      false,
    );
  });
});

describe('SSLCOMMERZ statuses', () => {
  it.each([
    ['VALID', 'SUCCEEDED'],
    ['VALIDATED', 'SUCCEEDED'],
    ['FAILED', 'FAILED'],
    ['CANCELLED', 'CANCELLED'],
    ['EXPIRED', 'EXPIRED'],
    ['UNATTEMPTED', 'PENDING'],
    ['PENDING', 'PENDING'],
    ['INVALID_TRANSACTION', 'UNKNOWN'],
    ['', 'UNKNOWN'],
  ])('%s -> %s', (status, outcome) => {
    expect(outcomeOf(status)).toBe(outcome);
  });

  it.each([
    ['success', 'PROCESSING'],
    ['processing', 'PROCESSING'],
    ['refunded', 'SUCCEEDED'],
    ['failed', 'FAILED'],
    ['cancelled', 'FAILED'],
    ['weird', null],
  ])('refund %s -> %s', (status, outcome) => {
    expect(refundOutcomeOf(status)).toBe(outcome);
  });
});
