// TCP between peers. A proposer dials each of its acceptors and sends its
// requests there; an acceptor answers over the connection the request came in
// on, so acceptors never need to resolve a proposer's name. Each connection is
// FIFO, which the core relies on to pair replies with requests.

import net from 'node:net';
import type { WireMessage } from './core/types.js';
import { decodeWireMessage, encodeWireMessage, LineSplitter } from './wire.js';

export interface TransportOptions {
  port: number;
  bind: string;
  /** Host name or address to dial for a peer id. */
  addressOf(peerId: number): string;
  /** How long to keep trying to reach a peer before giving up on it. */
  connectTimeoutMs: number;
  onMessage(message: WireMessage): void;
  /** An established link to an acceptor broke; we dial it again. */
  onLinkLost(peerId: number): void;
  /** A link could not be (re-)established before connectTimeoutMs. */
  onUnreachable(peerId: number, reason: string): void;
  /** A link to an acceptor came up. */
  onConnected(peerId: number): void;
  /** A connection from a proposer closed. */
  onInboundClosed(): void;
  warn(line: string): void;
}

const DIAL_FIRST_RETRY_MS = 50;
const DIAL_MAX_RETRY_MS = 1000;

const REQUESTS = new Set(['prepare', 'accept']);

/** An outbound link to one acceptor, redialled with back-off; messages wait in `queue` meanwhile. */
class Link {
  socket: net.Socket | null = null;
  open = false;
  /** Past connectTimeoutMs without a connection: requests to it are dropped. */
  givenUp = false;
  queue: string[] = [];
  retryMs = DIAL_FIRST_RETRY_MS;
  timer: NodeJS.Timeout | null = null;
  giveUpAt = 0;
  lastError = '';
  constructor(readonly peerId: number) {}
}

export class Transport {
  private server: net.Server | null = null;
  private readonly links = new Map<number, Link>();
  /** Where to answer each proposer: the connection its latest request came in on. */
  private readonly replyRoutes = new Map<number, net.Socket>();
  private readonly inbound = new Set<net.Socket>();
  /** Inbound connections that have not sent a message yet: a proposer may be waiting out its -t on one. */
  private readonly silentInbound = new Set<net.Socket>();
  private closing = false;

  constructor(private readonly options: TransportOptions) {}

  /** Accept connections from proposers (acceptor role). */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.acceptInbound(socket));
      server.once('error', reject);
      server.listen({ port: this.options.port, host: this.options.bind }, () => {
        server.off('error', reject);
        server.on('error', (error) => this.options.warn(`listener error: ${error.message}`));
        this.server = server;
        resolve();
      });
    });
  }

  /** Start dialling an acceptor (proposer role). */
  dial(peerId: number): void {
    if (this.links.has(peerId)) return;
    const link = new Link(peerId);
    this.links.set(peerId, link);
    link.giveUpAt = Date.now() + this.options.connectTimeoutMs;
    this.connect(link);
  }

  isConnected(peerId: number): boolean {
    return this.links.get(peerId)?.open ?? false;
  }

  hasSilentInbound(): boolean {
    return this.silentInbound.size > 0;
  }

  /** True while some request still waits for its link to come up. */
  hasQueuedRequests(): boolean {
    return [...this.links.values()].some((link) => link.queue.length > 0);
  }

  send(to: number, message: WireMessage): void {
    const line = encodeWireMessage(message);
    if (REQUESTS.has(message.message_type)) {
      const link = this.links.get(to);
      if (!link) throw new Error(`no link to peer ${to}: dial it first`);
      if (link.open && link.socket) link.socket.write(line);
      else if (!link.givenUp) link.queue.push(line);
      return;
    }
    const route = this.replyRoutes.get(to);
    // The proposer may already be gone; its reply has nobody to read it.
    if (route && !route.destroyed) route.write(line);
  }

  /** Close everything; `graceful` lets written replies drain first. */
  async close(graceful: boolean): Promise<void> {
    this.closing = true;
    for (const link of this.links.values()) if (link.timer) clearTimeout(link.timer);
    this.server?.close();
    const sockets = [...this.inbound, ...[...this.links.values()].flatMap((link) => (link.socket ? [link.socket] : []))];
    if (!graceful) {
      for (const socket of sockets) socket.destroy();
      return;
    }
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.destroyed) return resolve();
            const timer = setTimeout(() => socket.destroy(), 500);
            socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            socket.end();
          }),
      ),
    );
  }

  private acceptInbound(socket: net.Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    this.inbound.add(socket);
    this.silentInbound.add(socket);
    socket.setNoDelay(true);
    // Read now: once the client has reset the connection, the socket no longer knows its address.
    const remote = describeRemote(socket);
    let sender: number | null = null;
    this.readMessages(socket, remote, (message) => {
      if (!REQUESTS.has(message.message_type)) return `a ${message.message_type} on a connection that carries requests`;
      if (sender !== null && message.peer_id !== sender) return `peer_id changed from ${sender} to ${message.peer_id}`;
      sender = message.peer_id;
      this.silentInbound.delete(socket);
      this.replyRoutes.set(sender, socket);
      return null;
    });
    // A proposer that resets the connection (killed, or gone before reading a
    // reply) ends that connection only. Nothing is owed to it, so the core need
    // not hear of it: the proposer's side learns of a broken link by itself.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!this.closing) this.options.warn(`connection from ${remote} broken: ${error.code ?? error.message}`);
    });
    socket.on('close', () => {
      this.inbound.delete(socket);
      this.silentInbound.delete(socket);
      if (sender !== null && this.replyRoutes.get(sender) === socket) this.replyRoutes.delete(sender);
      if (!this.closing) this.options.onInboundClosed();
    });
  }

  private connect(link: Link): void {
    const socket = net.connect({ host: this.options.addressOf(link.peerId), port: this.options.port });
    link.socket = socket;
    socket.setNoDelay(true);
    socket.once('connect', () => {
      link.open = true;
      link.retryMs = DIAL_FIRST_RETRY_MS;
      for (const line of link.queue) socket.write(line);
      link.queue = [];
      this.options.onConnected(link.peerId);
    });
    this.readMessages(socket, `peer ${link.peerId}`, (message) => {
      if (REQUESTS.has(message.message_type)) return `a ${message.message_type} on a connection that carries replies`;
      if (message.peer_id !== link.peerId) return `a reply signed peer_id ${message.peer_id}`;
      return null;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      link.lastError = error.code ?? error.message;
    });
    socket.on('close', () => {
      if (this.closing) return;
      const wasOpen = link.open;
      link.open = false;
      link.socket = null;
      if (wasOpen) {
        // Replies in flight are lost; the core must hear of it, then we dial afresh.
        link.giveUpAt = Date.now() + this.options.connectTimeoutMs;
        this.options.onLinkLost(link.peerId);
      }
      if (Date.now() >= link.giveUpAt) {
        link.givenUp = true;
        link.queue = [];
        this.options.onUnreachable(link.peerId, link.lastError || 'connection closed');
        return;
      }
      link.timer = setTimeout(() => {
        link.timer = null;
        if (!this.closing) this.connect(link);
      }, link.retryMs);
      link.retryMs = Math.min(DIAL_MAX_RETRY_MS, link.retryMs * 2);
    });
  }

  /**
   * Feeds valid messages from `socket` to onMessage. Bad bytes, or a message
   * `refuse` objects to, get one stderr line and close that connection only.
   */
  private readMessages(socket: net.Socket, remote: string, refuse: (message: WireMessage) => string | null): void {
    const splitter = new LineSplitter();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const lines = splitter.push(chunk);
      const drop = (reason: string) => {
        this.options.warn(`closing the connection from ${remote}: ${reason}`);
        socket.destroy();
      };
      if ('error' in lines) return drop(lines.error);
      for (const line of lines) {
        if (socket.destroyed) return;
        if (line.trim() === '') continue;
        const message = decodeWireMessage(line);
        if ('error' in message) return drop(`${message.error}: ${JSON.stringify(line.slice(0, 60))}`);
        const refusal = refuse(message);
        if (refusal) return drop(refusal);
        this.options.onMessage(message);
      }
    });
  }
}

/** `address:port` of the other end, or a phrase saying it is unknown (a client that reset before we looked). */
export function describeRemote(socket: Pick<net.Socket, 'remoteAddress' | 'remotePort'>): string {
  if (socket.remoteAddress === undefined) return 'an unknown address (the client already disconnected)';
  return `${socket.remoteAddress}:${socket.remotePort}`;
}
