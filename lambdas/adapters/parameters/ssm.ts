import {
  GetParameterCommand,
  ParameterNotFound,
  ParameterType,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { ParameterStore } from './port.ts';

export class SsmParameterStore implements ParameterStore {
  constructor(private readonly client: SSMClient) {}

  async get(name: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetParameterCommand({ Name: name }));
      return out.Parameter?.Value;
    } catch (error) {
      if (error instanceof ParameterNotFound) return undefined;
      throw error;
    }
  }

  async put(name: string, value: string): Promise<void> {
    await this.client.send(
      new PutParameterCommand({ Name: name, Value: value, Type: ParameterType.STRING, Overwrite: true }),
    );
  }
}
