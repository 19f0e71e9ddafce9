/** An error whose `name` is the provider's documented error name, so Step Functions and callers can match it. */
export class NamedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}
