/**
 * A configuration or usage problem: the CLI exits 2 on it. Defined here, below every layer, so
 * that the database layer can raise it for a bad URL without knowing the configuration.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
