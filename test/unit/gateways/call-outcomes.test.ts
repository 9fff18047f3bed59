import { callOutcomeOf, countedGateway, createGatewayCallCounter } from '../../../gateways/call-outcomes.js';
import { GatewayError, type CheckoutGateway } from '../../../gateways/types.js';

/** A gateway client whose answers the test scripts; it keeps state on itself, as the real clients' token caches do. */
class ScriptedClient {
  opened = 0;
  constructor(private readonly answers: Array<() => Promise<unknown>>) {}
  describe() {
    return { name: 'scripted' };
  }
  async openSession() {
    this.opened += 1;
    return this.answers.shift()!();
  }
  async query() {
    return this.answers.shift()!();
  }
}
const scriptedClient = (answers: Array<() => Promise<unknown>>) =>
  new ScriptedClient(answers) as unknown as CheckoutGateway & { opened: number };

const countOf = async (counter: ReturnType<typeof createGatewayCallCounter>) =>
  Object.fromEntries(
    (await counter.get()).values.map((v) => [`${v.labels.operation} ${v.labels.outcome}`, v.value]),
  );

describe('gateway call outcomes', () => {
  it('counts each call to the gateway by operation and outcome, and passes answers and errors through', async () => {
    const calls = createGatewayCallCounter();
    const rejected = new GatewayError('GATEWAY_REJECTED', 'declined');
    const client = scriptedClient([
      async () => ({ sessionKey: 'k', redirectUrl: 'https://pay.example/k' }),
      async () => {
        throw new GatewayError('GATEWAY_UNAVAILABLE', 'timed out');
      },
      async () => {
        throw rejected;
      },
      async () => {
        throw new TypeError('bug');
      },
      async () => {
        throw new GatewayError('GATEWAY_PROTOCOL_ERROR', 'garbled');
      },
    ]);
    const counted = countedGateway(client, 'bkash', calls) as typeof client;

    await expect(counted.openSession({} as never)).resolves.toEqual({
      sessionKey: 'k',
      redirectUrl: 'https://pay.example/k',
    });
    await expect(counted.openSession({} as never)).rejects.toThrow('timed out');
    await expect(counted.query('r', null)).rejects.toBe(rejected);
    await expect(counted.query('r', null)).rejects.toThrow(TypeError);
    await expect(counted.query('r', null)).rejects.toThrow('garbled');
    // Local work is not a call to the gateway.
    expect(counted.describe()).toEqual({ name: 'scripted' });

    expect(await countOf(calls)).toEqual({
      'openSession OK': 1,
      'openSession UNAVAILABLE': 1,
      'query REJECTED': 1,
      'query ERROR': 1,
      'query PROTOCOL_ERROR': 1,
    });
    expect((await calls.get()).values.every((v) => v.labels.gateway === 'bkash')).toBe(true);
    // The client's own state is kept on the client.
    expect(client.opened).toBe(2);
  });

  it('names what failed: the gateway’s refusal apart from the gateway failing', () => {
    expect(callOutcomeOf(new GatewayError('GATEWAY_REJECTED', 'x'))).toBe('REJECTED');
    expect(callOutcomeOf(new GatewayError('GATEWAY_UNAVAILABLE', 'x'))).toBe('UNAVAILABLE');
    expect(callOutcomeOf(new GatewayError('GATEWAY_PROTOCOL_ERROR', 'x'))).toBe('PROTOCOL_ERROR');
    expect(callOutcomeOf(new Error('x'))).toBe('ERROR');
  });
});
