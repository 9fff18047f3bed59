import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '../../../platform/config/index.js';
import { simulatorHostSettings } from '../../../gateways/simulator-kit/host-settings.js';
import { startMailCatcher } from '../../../scripts/dev/mail-catcher.js';
import { loadLauncherSettings } from '../../../scripts/dev/settings.js';
import { startDemoWebhookReceiver } from '../../../scripts/dev/webhook-receiver.js';
import { deploymentEnv, developmentStackEnv } from '../../helpers/config-env.js';

// A pepper is given, so the launcher's settings write nothing under a data directory.
const launcherEnv = { CREDENTIAL_PEPPER: developmentStackEnv.CREDENTIAL_PEPPER };

describe('where servers listen (BIND_HOST)', () => {
  it('npm start keeps its servers on loopback unless told otherwise', () => {
    expect(loadLauncherSettings(launcherEnv)).toMatchObject({
      bindHost: '127.0.0.1',
      localHost: '127.0.0.1',
    });
  });

  it('npm start listens where BIND_HOST says, and reaches a server on every interface through loopback', () => {
    expect(loadLauncherSettings({ ...launcherEnv, BIND_HOST: '0.0.0.0' })).toMatchObject({
      bindHost: '0.0.0.0',
      localHost: '127.0.0.1',
    });
    expect(loadLauncherSettings({ ...launcherEnv, BIND_HOST: '192.0.2.7' }).localHost).toBe('192.0.2.7');
  });

  it('the API and the simulators of a deployment listen on every interface unless BIND_HOST is set', () => {
    expect(loadConfig(deploymentEnv).BIND_HOST).toBeUndefined();
    expect(simulatorHostSettings({}).bindHost).toBeUndefined();
    expect(loadConfig({ ...deploymentEnv, BIND_HOST: '10.0.0.5' }).BIND_HOST).toBe('10.0.0.5');
    expect(simulatorHostSettings({ BIND_HOST: '127.0.0.1' }).bindHost).toBe('127.0.0.1');
  });

  it('a BIND_HOST that is no address stops start-up naming it', () => {
    expect(() => loadConfig({ ...deploymentEnv, BIND_HOST: 'http://0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...deploymentEnv, BIND_HOST: 'http://0.0.0.0' })).toThrow(/BIND_HOST: /);
  });

  it('the demo webhook receiver listens on the address it is given only', async () => {
    const server = await startDemoWebhookReceiver({
      port: 0,
      host: '127.0.0.1',
      secret: `whsec_${Buffer.from('a demo receiver secret').toString('base64')}`,
      print: () => undefined,
    });
    try {
      expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('the mail catcher listens on loopback only, and hands out addresses there', async () => {
    const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    try {
      expect(catcher.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      expect(catcher.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await catcher.close();
    }
    const everywhere = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '::' });
    try {
      expect(everywhere.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await everywhere.close();
    }
  });
});
