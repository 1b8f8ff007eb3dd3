import type { StoredMessage } from './types';

/** What the sink remembers about one accepted send, for polling and for repeated Operation-Ids. */
export interface OperationRecord {
  id: string;
  /** Hash of the raw request body: a repeat with the same id must carry the same request. */
  bodyHash: string;
  /** Polls still to answer `Running` before `outcome`. */
  runningPollsLeft: number;
  outcome: 'Succeeded' | 'Failed';
}

export interface MailStore {
  messages(): readonly StoredMessage[];
  message(id: string): StoredMessage | undefined;
  operation(id: string): OperationRecord | undefined;
  /** Records an operation and, unless it is a dropped one, its message. Evicts the oldest beyond capacity. */
  add(operation: OperationRecord, message: StoredMessage | undefined): void;
  /** Forgets the messages; operations stay, so polls and repeated Operation-Ids behave as before. */
  clearMessages(): void;
}

/** In-memory, insertion-ordered (Map iteration order), bounded. */
export function createMailStore(capacity: number): MailStore {
  const messages = new Map<string, StoredMessage>();
  const operations = new Map<string, OperationRecord>();

  const trim = <T>(map: Map<string, T>) => {
    while (map.size > capacity) {
      const oldest = map.keys().next();
      if (oldest.done) return;
      map.delete(oldest.value);
    }
  };

  return {
    messages: () => [...messages.values()],
    message: (id) => messages.get(id),
    operation: (id) => operations.get(id.toLowerCase()),
    add(operation, message) {
      operations.set(operation.id.toLowerCase(), operation);
      if (message) messages.set(message.id, message);
      trim(operations);
      trim(messages);
    },
    clearMessages() {
      messages.clear();
    },
  };
}
