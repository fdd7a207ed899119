import type { Broker, BrokerControl, BrokerListener, BrokerMessage } from '../interfaces/broker.js';

/**
 * An in-process bus that several {@link MemoryBroker}s share, so a test can run a cluster of
 * relays in one process. A lone broker gets a bus of its own.
 */
export class MemoryBus {
  private readonly members = new Set<MemoryBroker>();

  /** @internal */
  join(broker: MemoryBroker): void {
    this.members.add(broker);
  }

  /** @internal */
  leave(broker: MemoryBroker): void {
    this.members.delete(broker);
  }

  /** @internal */
  publish(channel: string, message: BrokerMessage): void {
    for (const member of this.members) member.deliver(channel, message);
  }

  /** @internal */
  broadcast(event: BrokerControl): void {
    for (const member of this.members) member.deliverControl(event);
  }
}

/** Fan-out inside one process: delivers synchronously to the subscribed relays of its bus. */
export class MemoryBroker implements Broker {
  private listener: BrokerListener | undefined;
  private readonly channels = new Set<string>();

  constructor(private readonly bus: MemoryBus = new MemoryBus()) {}

  start(listener: BrokerListener): void {
    this.listener = listener;
    this.bus.join(this);
  }

  publish(channel: string, message: BrokerMessage): void {
    this.bus.publish(channel, message);
  }

  subscribe(channel: string): void {
    this.channels.add(channel);
  }

  unsubscribe(channel: string): void {
    this.channels.delete(channel);
  }

  broadcast(event: BrokerControl): void {
    this.bus.broadcast(event);
  }

  close(): void {
    this.bus.leave(this);
    this.channels.clear();
    this.listener = undefined;
  }

  /** @internal */
  deliver(channel: string, message: BrokerMessage): void {
    if (this.channels.has(channel)) this.listener?.message(channel, message);
  }

  /** @internal */
  deliverControl(event: BrokerControl): void {
    this.listener?.control(event);
  }
}
