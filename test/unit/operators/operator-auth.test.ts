import { generate } from 'otplib';
import { delayAfterFailures, LOGIN_THROTTLE } from '../../../domain/operators/login-throttle.js';
import { passwordProblem } from '../../../domain/operators/password-rules.js';
import {
  isRecoveryCodeShape,
  newRecoveryCodes,
  recoveryCodeDigest,
} from '../../../domain/operators/recovery-codes.js';
import { mustEnrolFirst, secondFactorRequired } from '../../../domain/operators/second-factor-policy.js';
import { checkTotp, newTotpSecret } from '../../../domain/operators/totp.js';

describe('sign-in throttling delays', () => {
  it('lets five failures pass, then doubles from one second up to fifteen minutes', () => {
    expect([0, 1, 4].map(delayAfterFailures)).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8].map(delayAfterFailures)).toEqual([1000, 2000, 4000, 8000]);
    expect(delayAfterFailures(14)).toBe(512 * 1000);
    expect(delayAfterFailures(15)).toBe(LOGIN_THROTTLE.maxDelayMs);
    expect(delayAfterFailures(10_000)).toBe(15 * 60 * 1000);
  });
});

describe('password rules', () => {
  it('refuses short, email-like and common passwords, and accepts a long phrase', () => {
    expect(passwordProblem('short', 'a@ops.example')).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(1025), 'a@ops.example')).toMatch(/at most 1024/);
    expect(passwordProblem('Someone@Ops.Example', 'someone@ops.example')).toMatch(/email/);
    expect(passwordProblem('averylongname', 'averylongname@ops.example')).toMatch(/email/);
    expect(passwordProblem('Password1234', 'a@ops.example')).toMatch(/common/);
    expect(passwordProblem('aaaaaaaaaaaaaaa', 'a@ops.example')).toMatch(/common/);
    expect(passwordProblem('correct horse battery staple', 'a@ops.example')).toBeNull();
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes whose digest ignores case, spaces and dashes', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(isRecoveryCodeShape(code)).toBe(true);
    }
    const code = codes[0]!;
    expect(recoveryCodeDigest(code.toUpperCase().replaceAll('-', ' '))).toBe(recoveryCodeDigest(code));
    expect(recoveryCodeDigest(codes[1]!)).not.toBe(recoveryCodeDigest(code));
    expect(isRecoveryCodeShape('123456')).toBe(false);
  });
});

describe('TOTP codes', () => {
  const secret = newTotpSecret();
  const at = new Date('2026-12-06T10:00:10Z');
  const codeAt = (seconds: number) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) + seconds });

  it('accepts the current step and one step of drift either way, nothing further', async () => {
    const current = await checkTotp(secret, await codeAt(0), { now: at, afterStep: null });
    expect(current).not.toBeNull();
    expect(await checkTotp(secret, await codeAt(-30), { now: at, afterStep: null })).not.toBeNull();
    expect(await checkTotp(secret, await codeAt(30), { now: at, afterStep: null })).not.toBeNull();
    expect(await checkTotp(secret, await codeAt(-90), { now: at, afterStep: null })).toBeNull();
    expect(await checkTotp(secret, await codeAt(90), { now: at, afterStep: null })).toBeNull();
  });

  it('refuses a code of a step already used, and anything but six digits', async () => {
    const code = await codeAt(0);
    const first = await checkTotp(secret, code, { now: at, afterStep: null });
    expect(await checkTotp(secret, code, { now: at, afterStep: first!.step })).toBeNull();
    expect(
      await checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, { now: at, afterStep: null }),
    ).not.toBeNull();
    expect(await checkTotp(secret, 'abcdef', { now: at, afterStep: null })).toBeNull();
    expect(await checkTotp(secret, `${code}0`, { now: at, afterStep: null })).toBeNull();
  });
});

describe('second factor posture', () => {
  it('holds only unenrolled ADMIN and FINANCE operators, and only under the required posture', () => {
    expect(secondFactorRequired('required-for-money-roles', 'ADMIN')).toBe(true);
    expect(secondFactorRequired('required-for-money-roles', 'FINANCE')).toBe(true);
    expect(secondFactorRequired('required-for-money-roles', 'DEVELOPER')).toBe(false);
    expect(secondFactorRequired('optional', 'ADMIN')).toBe(false);
    expect(mustEnrolFirst('required-for-money-roles', { role: 'FINANCE', totpEnrolledAt: null })).toBe(true);
    expect(mustEnrolFirst('required-for-money-roles', { role: 'FINANCE', totpEnrolledAt: new Date() })).toBe(
      false,
    );
  });
});
