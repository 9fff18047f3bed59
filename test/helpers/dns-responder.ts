import { createSocket, type RemoteInfo } from 'node:dgram';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

/**
 * A DNS server on 127.0.0.1 that answers A queries for one name with the addresses it is given
 * (changeable while it runs), as Compose's DNS answers a service's name with its replicas'
 * addresses. Other queries get no answer records. Enough of RFC 1035 for a resolver's lookups.
 */
export interface DnsResponder {
  /** host:port, as Caddy's `resolvers` takes it. */
  address: string;
  setAddresses(addresses: string[]): void;
  /** The names asked, in order. */
  asked: string[];
  close(): Promise<void>;
}

const TYPE_A = 1;

/** The question's name and where the question ends (after its type and class). */
function readQuestion(query: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let offset = 12;
  while (query[offset]! > 0) {
    const length = query[offset]!;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += 1 + length;
  }
  const type = query.readUInt16BE(offset + 1);
  return { name: labels.join('.').toLowerCase(), type, end: offset + 5 };
}

export async function startDnsResponder(name: string, addresses: string[]): Promise<DnsResponder> {
  let current = addresses;
  const asked: string[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (query: Buffer, peer: RemoteInfo) => {
    const question = readQuestion(query);
    asked.push(question.name);
    const answers = question.type === TYPE_A && question.name === name.toLowerCase() ? current : [];
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0); // the query's id
    header.writeUInt16BE(0x8180, 2); // a response, recursion desired and available, no error
    header.writeUInt16BE(1, 4); // the question, repeated
    header.writeUInt16BE(answers.length, 6);
    const records = answers.map((address) => {
      const record = Buffer.alloc(16);
      record.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
      record.writeUInt16BE(TYPE_A, 2);
      record.writeUInt16BE(1, 4); // class IN
      record.writeUInt32BE(1, 6); // a TTL of one second
      record.writeUInt16BE(4, 10);
      address.split('.').forEach((octet, i) => record.writeUInt8(Number(octet), 12 + i));
      return record;
    });
    socket.send(
      Buffer.concat([header, query.subarray(12, question.end), ...records]),
      peer.port,
      peer.address,
    );
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    setAddresses: (next) => {
      current = next;
    },
    asked,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
