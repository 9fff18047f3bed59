import { installCommand, missingFrom, PHP_TOOLCHAIN, SSHD_TOOLCHAIN } from '../../helpers/toolchains.js';

describe('toolchains a suite may need', () => {
  it('names the install command the README gives for the PHP SDK’s toolchain', () => {
    expect(installCommand(PHP_TOOLCHAIN)).toMatch(/^apt-get install php-cli .*phpunit composer/);
  });

  it('names the install command the README gives for the SFTP delivery suite’s OpenSSH server', () => {
    expect(installCommand(SSHD_TOOLCHAIN)).toBe(
      'apt-get install openssh-server openssh-sftp-server openssh-client',
    );
  });

  it('finds what is missing by looking on the PATH', () => {
    expect(missingFrom({ readmeRow: 'x', commands: ['sh', 'no-such-command-oi-payments'] })).toEqual([
      'no-such-command-oi-payments',
    ]);
  });
});
