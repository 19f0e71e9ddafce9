/** SSM Parameter Store, for the settings riposte publishes to the application (String parameters). */
export interface ParameterStore {
  /** The value, or undefined when the parameter does not exist (ParameterNotFound). */
  get(name: string): Promise<string | undefined>;
  /** Create or overwrite. Errors keep SSM's names, e.g. ValidationException, TooManyUpdates. */
  put(name: string, value: string): Promise<void>;
}

/** Where riposte publishes each posture setting the application reads. */
export const POSTURE_PARAMETER_PREFIX = '/riposte/posture/';
