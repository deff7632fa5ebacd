/**
 * The key registry: the single source of truth for every configuration key.
 *
 * Flags, environment binding, validation, masking, `config list-keys`, completion values and
 * `docs/settings.md` all come from here. Adding a key is one entry below. Keys follow the Ping
 * CLI 1.0 settings reference (reference/pingcli-1.0-spec.md §2), plus the extensions of
 * DESIGN §6 (marked `extension: true`).
 */

export type KeyType =
  | "string"
  | "bool"
  | "enum"
  | "uuid"
  | "stringArray"
  | "duration"
  | "int"
  | "url"
  | "hostPort"
  | "path";

/** Which command family carries a key's flag (global flags are on every command). */
export type FlagScope = "global" | "auth" | "pingone" | "pingfederate" | "advancedServices";

export type SettingValue = string | boolean | number | string[];

export interface KeyDef {
  /** Canonical name, e.g. `service.pingOne.endpoint.environmentID`. */
  readonly key: string;
  readonly type: KeyType;
  readonly description: string;
  readonly default?: SettingValue;
  /** Allowed values for `enum`. */
  readonly values?: readonly string[];
  /**
   * Older spellings an `enum` still reads, each meaning one allowed value (any case). Not
   * listed among the allowed values: pingcli never writes them.
   */
  readonly valueAliases?: Readonly<Record<string, string>>;
  /** Long flags (with leading dashes) that set this key; the first is the primary one. */
  readonly flags?: readonly string[];
  /** Short flag (e.g. `-O`) for the primary long flag. */
  readonly short?: string;
  readonly flagScope?: FlagScope;
  /** Documented environment variables in precedence order. The generic name is added after. */
  readonly env?: readonly string[];
  readonly secret?: boolean;
  /** Other key names accepted for this key (case-insensitive, like every key). */
  readonly aliases?: readonly string[];
  /** Lives at the top level of the file rather than in a profile. */
  readonly topLevel?: boolean;
  /** Not in the Ping CLI 1.0 reference: one of our extensions. */
  readonly extension?: boolean;
}

const ROOT_DOMAINS = [
  "pingone.asia",
  "pingone.ca",
  "pingone.com",
  "pingone.com.au",
  "pingone.eu",
  "pingone.sg",
] as const;
const LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
const PINGONE_GRANTS = ["authorization_code", "client_credentials", "device_code"] as const;
const PF_AUTH_TYPES = [
  "accessTokenAuth",
  "basicAuth",
  "clientCredentialsAuth",
  "oauth",
  "client_credentials",
] as const;
const CLIENT_AUTH_METHODS = [
  "client_secret_basic",
  "client_secret_post",
  "private_key_jwt",
] as const;

/** PingOne keys take the bare SDK name `PINGONE_X` first, then `PINGCLI_PINGONE_X` (1.1). */
function pingOneEnv(suffix: string): string[] {
  return [`PINGONE_${suffix}`, `PINGCLI_PINGONE_${suffix}`];
}

function pingFederateKeys(prefix: string, keyRoot: string, scope: FlagScope): KeyDef[] {
  const env = (s: string) => `${prefix}_${s}`;
  const flagPrefix = scope === "pingfederate" ? "--pingfederate" : "--as-pingfederate";
  const flag = (s: string) => `${flagPrefix}-${s}`;
  const k = (s: string) => `${keyRoot}.${s}`;
  const product = scope === "pingfederate" ? "PingFederate" : "Advanced services PingFederate";
  return [
    {
      key: k("enabled"),
      type: "bool",
      env: [env("ENABLED")],
      description:
        `Turn the ${product} connector on or off. Unset: on when any of its keys is set.`,
    },
    {
      key: k("httpsHost"),
      type: "url",
      flags: [flag("https-host")],
      flagScope: scope,
      env: [env("HTTPS_HOST")],
      description: `${product} admin host URL, e.g. https://pingfederate-admin.bxretail.org.`,
    },
    {
      key: k("adminAPIPath"),
      type: "string",
      default: "/pf-admin-api/v1",
      flags: [flag("admin-api-path")],
      flagScope: scope,
      env: [env("ADMIN_API_PATH")],
      description: `${product} admin API base path.`,
    },
    {
      key: k("authentication.type"),
      type: "enum",
      values: PF_AUTH_TYPES,
      flags: [flag("authentication-type")],
      flagScope: scope,
      env: [env("AUTHENTICATION_TYPE")],
      description:
        `${product} authentication method. client_credentials and clientCredentialsAuth mean oauth with the client credentials grant.`,
    },
    {
      key: k("authentication.basicAuth.username"),
      type: "string",
      flags: [flag("username")],
      flagScope: scope,
      env: [env("USERNAME")],
      description: `${product} basic authentication username, e.g. administrator.`,
    },
    {
      key: k("authentication.basicAuth.password"),
      type: "string",
      secret: true,
      flags: [flag("password")],
      flagScope: scope,
      env: [env("PASSWORD")],
      description: `${product} basic authentication password.`,
    },
    {
      key: k("authentication.accessTokenAuth.accessToken"),
      type: "string",
      secret: true,
      flags: [flag("access-token")],
      flagScope: scope,
      env: [env("ACCESS_TOKEN")],
      description: `${product} static bearer access token.`,
    },
    {
      key: k("authentication.oauth.grantType"),
      type: "enum",
      values: ["client_credentials"],
      flags: [flag("authentication-oauth-grant-type")],
      flagScope: scope,
      env: [env("AUTHENTICATION_OAUTH_GRANT_TYPE")],
      description: `${product} OAuth grant type.`,
    },
    {
      key: k("authentication.oauth.clientCredentials.clientID"),
      type: "string",
      flags: [flag("client-id"), flag("oauth-client-id")],
      flagScope: scope,
      env: [env("CLIENT_ID"), env("OAUTH_CLIENT_ID")],
      description: `${product} OAuth client ID.`,
    },
    {
      key: k("authentication.oauth.clientCredentials.clientSecret"),
      type: "string",
      secret: true,
      flags: [flag("client-secret"), flag("oauth-client-secret")],
      flagScope: scope,
      env: [env("CLIENT_SECRET"), env("OAUTH_CLIENT_SECRET")],
      description: `${product} OAuth client secret.`,
    },
    {
      key: k("authentication.oauth.clientCredentials.scopes"),
      type: "stringArray",
      default: [],
      flags: [flag("scopes"), flag("oauth-scopes")],
      flagScope: scope,
      env: [env("SCOPES"), env("OAUTH_SCOPES")],
      description: `${product} OAuth scopes (comma-separated), e.g. openid,profile.`,
    },
    {
      key: k("authentication.oauth.clientCredentials.tokenURL"),
      type: "url",
      flags: [flag("token-url"), flag("oauth-token-url")],
      flagScope: scope,
      env: [env("TOKEN_URL"), env("OAUTH_TOKEN_URL")],
      description:
        `${product} token endpoint, e.g. https://pingfederate.bxretail.org:9031/as/token.oauth2.`,
    },
    ...clientAuthKeys(k("authentication.oauth.clientCredentials"), (s) => [env(s)], product),
    {
      key: k("caCertificatePemFiles"),
      type: "stringArray",
      default: [],
      flags: [flag("ca-certificate-pem-files")],
      flagScope: scope,
      env: [env("CA_CERTIFICATE_PEM_FILES")],
      description: `Extra trusted root CA PEM files for ${product}, added to the system roots.`,
    },
    {
      key: k("insecureTrustAllTLS"),
      type: "bool",
      default: false,
      flags: [flag("insecure-trust-all-tls")],
      flagScope: scope,
      env: [env("INSECURE_TRUST_ALL_TLS")],
      description: `Skip TLS verification for ${product} (testing only; warns on every use).`,
    },
    {
      key: k("softwareVersion"),
      type: "string",
      default: "13.0",
      flags: [flag("software-version")],
      flagScope: scope,
      env: [env("SOFTWARE_VERSION")],
      description:
        `${product} version used for authentication before detection. Accepted for Ping CLI compatibility; not used by this build.`,
    },
    {
      key: k("xBypassExternalValidationHeader"),
      type: "bool",
      default: false,
      flags: [flag("x-bypass-external-validation-header")],
      flagScope: scope,
      env: [env("X_BYPASS_EXTERNAL_VALIDATION_HEADER")],
      description: `Send X-BypassExternalValidation: true on ${product} admin API calls.`,
    },
  ];
}

/** Extension keys for how a client authenticates at the token endpoint. */
function clientAuthKeys(
  root: string,
  env: (suffix: string) => string[],
  product: string,
): KeyDef[] {
  return [
    {
      key: `${root}.tokenEndpointAuthMethod`,
      type: "enum",
      values: CLIENT_AUTH_METHODS,
      default: "client_secret_basic",
      env: env("CLIENT_CREDENTIALS_TOKEN_ENDPOINT_AUTH_METHOD"),
      extension: true,
      description: `How the ${product} client authenticates at the token endpoint.`,
    },
    {
      key: `${root}.privateKeyFile`,
      type: "path",
      env: env("CLIENT_CREDENTIALS_PRIVATE_KEY_FILE"),
      extension: true,
      description: `PKCS#8 PEM private key file for private_key_jwt (${product}).`,
    },
    {
      key: `${root}.privateKey`,
      type: "string",
      secret: true,
      env: env("CLIENT_CREDENTIALS_PRIVATE_KEY"),
      extension: true,
      description: `PKCS#8 PEM private key for private_key_jwt, inline (${product}).`,
    },
    {
      key: `${root}.privateKeyID`,
      type: "string",
      env: env("CLIENT_CREDENTIALS_PRIVATE_KEY_ID"),
      extension: true,
      description: `Key ID (kid) sent with the private_key_jwt assertion (${product}).`,
    },
  ];
}

/** Keys accepted (and validated) for compatibility that no command of this build acts on. */
function reserved(defs: KeyDef[], note: string): KeyDef[] {
  return defs.map((def) => ({ ...def, description: `${def.description} ${note}` }));
}

const NOT_YET = "Not implemented in this build: accepted and validated only.";
const INTERACTIVE = "For interactive sign-on, which this build does not provide yet.";

const P1 = "service.pingOne";

export const KEYS: readonly KeyDef[] = [
  // General
  {
    key: "activeProfile",
    type: "string",
    default: "default",
    topLevel: true,
    description: "Name of the active profile. Change it with 'pingcli config profiles use'.",
  },
  { key: "description", type: "string", description: "Description of the profile." },
  {
    key: "detailedExitCode",
    type: "bool",
    default: false,
    flags: ["--detailed-exitcode"],
    short: "-D",
    flagScope: "global",
    env: ["PINGCLI_DETAILED_EXITCODE"],
    description: "Exit 2 when a command succeeds with warnings (0 success, 1 error).",
  },
  {
    key: "noColor",
    type: "bool",
    default: false,
    flags: ["--no-color"],
    flagScope: "global",
    env: ["PINGCLI_NO_COLOR"],
    description: "Turn off coloured output (NO_COLOR is honoured too).",
  },
  {
    key: "noInput",
    type: "bool",
    default: false,
    flags: ["--no-input"],
    flagScope: "global",
    env: ["PINGCLI_NO_INPUT"],
    extension: true,
    description: "Never prompt; fail with the setting to provide instead (implied by CI=true).",
  },
  {
    key: "outputFormat",
    type: "enum",
    values: ["json", "ndjson", "ndjson-wrapped", "text"],
    default: "text",
    flags: ["--output-format"],
    short: "-O",
    flagScope: "global",
    env: ["PINGCLI_OUTPUT_FORMAT"],
    description: "Output format.",
  },
  // Auth
  {
    key: "auth.storage.type",
    type: "enum",
    values: ["secure_local", "file_system", "none"],
    default: "secure_local",
    flags: ["--storage-type"],
    flagScope: "auth",
    env: ["PINGCLI_AUTH_STORAGE_TYPE", "PINGCLI_LOGIN_STORAGE_TYPE"],
    description:
      "Where tokens are kept: secure_local (OS keychain), file_system (~/.pingcli/credentials) or none (memory only).",
  },
  // HTTP (extension)
  {
    key: "http.connectTimeout",
    type: "duration",
    default: "10s",
    env: ["PINGCLI_HTTP_CONNECT_TIMEOUT"],
    extension: true,
    description: "Time allowed to connect and receive response headers, e.g. 10s.",
  },
  {
    key: "http.timeout",
    type: "duration",
    default: "30s",
    env: ["PINGCLI_HTTP_TIMEOUT"],
    extension: true,
    description: "Total time allowed for one request including retries, e.g. 30s.",
  },
  {
    key: "http.maxResponseSize",
    type: "int",
    default: 256,
    env: ["PINGCLI_HTTP_MAX_RESPONSE_SIZE"],
    extension: true,
    description:
      "Largest API response body pingcli reads, in MiB (token responses are held to 1 MiB).",
  },
  // PingOne
  {
    key: `${P1}.enabled`,
    type: "bool",
    env: ["PINGCLI_PINGONE_ENABLED"],
    description: "Turn the PingOne connector on or off. Unset: on when any of its keys is set.",
  },
  {
    key: `${P1}.authentication.grantType`,
    type: "enum",
    values: PINGONE_GRANTS,
    // The Go CLI's `authentication.type: worker` meant a worker app's client credentials.
    valueAliases: { worker: "client_credentials" },
    default: "client_credentials",
    aliases: [`${P1}.authentication.type`],
    flags: ["--pingone-authentication-oauth-grant-type"],
    flagScope: "pingone",
    env: [
      "PINGONE_AUTH_GRANT_TYPE",
      "PINGCLI_PINGONE_AUTH_GRANT_TYPE",
      "PINGCLI_PINGONE_AUTHENTICATION_TYPE",
    ],
    description: "PingOne grant type. The Go CLI's 'worker' is read as client_credentials.",
  },
  {
    key: `${P1}.authentication.authorizationCode.clientID`,
    type: "uuid",
    flags: ["--pingone-authorization-code-client-id"],
    flagScope: "pingone",
    env: pingOneEnv("AUTHORIZATION_CODE_CLIENT_ID"),
    description: "Client ID of the PingOne authorization code (PKCE) application. " + INTERACTIVE,
  },
  {
    key: `${P1}.authentication.authorizationCode.scopes`,
    type: "stringArray",
    flags: ["--pingone-authorization-code-scopes"],
    flagScope: "pingone",
    env: pingOneEnv("AUTHORIZATION_CODE_SCOPES"),
    description: "Scopes requested with the authorization code grant. " + INTERACTIVE,
  },
  {
    key: `${P1}.authentication.authorizationCode.redirectUri.path`,
    type: "string",
    default: "/callback",
    description: "Path of the local callback for the authorization code grant. " + INTERACTIVE,
  },
  {
    key: `${P1}.authentication.authorizationCode.redirectUri.port`,
    type: "int",
    default: 7464,
    description: "Port of the local callback for the authorization code grant. " + INTERACTIVE,
  },
  {
    key: `${P1}.authentication.clientCredentials.clientID`,
    type: "uuid",
    flags: ["--pingone-client-credentials-client-id"],
    flagScope: "pingone",
    env: pingOneEnv("CLIENT_CREDENTIALS_CLIENT_ID"),
    description: "Client ID of the PingOne worker application.",
  },
  {
    key: `${P1}.authentication.clientCredentials.clientSecret`,
    type: "string",
    secret: true,
    flags: ["--pingone-client-credentials-client-secret"],
    flagScope: "pingone",
    env: pingOneEnv("CLIENT_CREDENTIALS_CLIENT_SECRET"),
    description: "Client secret of the PingOne worker application.",
  },
  {
    key: `${P1}.authentication.clientCredentials.scopes`,
    type: "stringArray",
    flags: ["--pingone-client-credentials-scopes"],
    flagScope: "pingone",
    env: pingOneEnv("CLIENT_CREDENTIALS_SCOPES"),
    description: "Scopes requested with the client credentials grant (comma-separated).",
  },
  ...clientAuthKeys(`${P1}.authentication.clientCredentials`, pingOneEnv, "PingOne"),
  {
    key: `${P1}.authentication.deviceCode.clientID`,
    type: "uuid",
    flags: ["--pingone-device-code-client-id"],
    flagScope: "pingone",
    env: pingOneEnv("DEVICE_CODE_CLIENT_ID"),
    description: "Client ID of the PingOne device authorization application. " + INTERACTIVE,
  },
  {
    key: `${P1}.authentication.deviceCode.scopes`,
    type: "stringArray",
    flags: ["--pingone-device-code-scopes"],
    flagScope: "pingone",
    env: pingOneEnv("DEVICE_CODE_SCOPES"),
    description: "Scopes requested with the device code grant. " + INTERACTIVE,
  },
  {
    key: `${P1}.endpoint.environmentID`,
    type: "uuid",
    flags: ["--pingone-environment-id"],
    flagScope: "pingone",
    env: pingOneEnv("ENVIRONMENT_ID"),
    description: "ID of the PingOne environment that holds the application.",
  },
  {
    key: `${P1}.endpoint.rootDomain`,
    type: "enum",
    values: ROOT_DOMAINS,
    default: "pingone.com",
    flags: ["--pingone-root-domain"],
    flagScope: "pingone",
    // Pre-1.0 region codes (key `regionCode`, env *_REGION_CODE) still work: same setting.
    aliases: [`${P1}.regionCode`],
    env: [...pingOneEnv("ROOT_DOMAIN"), ...pingOneEnv("REGION_CODE")],
    valueAliases: {
      NA: "pingone.com",
      EU: "pingone.eu",
      AP: "pingone.asia",
      CA: "pingone.ca",
      AU: "pingone.com.au",
      SG: "pingone.sg",
    },
    description:
      "PingOne root domain (region). The pre-1.0 region codes NA, EU, AP, CA, AU and SG are accepted.",
  },
  {
    key: `${P1}.endpoint.customDomain`,
    type: "hostPort",
    flags: ["--pingone-custom-domain"],
    flagScope: "pingone",
    env: pingOneEnv("CUSTOM_DOMAIN"),
    description: "PingOne custom domain for sign-on, e.g. auth.bxretail.org.",
  },
  {
    key: `${P1}.endpoint.authHostname`,
    type: "hostPort",
    env: ["PINGONE_AUTH_SERVICE_HOSTNAME", "PINGCLI_PINGONE_AUTH_SERVICE_HOSTNAME"],
    extension: true,
    description:
      "Host (and port) of the PingOne auth service, replacing auth.<rootDomain> (private endpoints, proxies).",
  },
  {
    key: `${P1}.endpoint.apiHostname`,
    type: "hostPort",
    env: ["PINGONE_API_SERVICE_HOSTNAME", "PINGCLI_PINGONE_API_SERVICE_HOSTNAME"],
    extension: true,
    description: "Host (and port) of the PingOne management API, replacing api.<rootDomain>.",
  },
  // PingFederate
  ...pingFederateKeys("PINGCLI_PINGFEDERATE", "service.pingFederate", "pingfederate"),
  ...reserved(
    pingFederateKeys(
      "PINGCLI_AS_PINGFEDERATE",
      "service.advancedServices.pingFederate",
      "advancedServices",
    )
      .map(({ flags: _flags, flagScope: _scope, ...def }) => def),
    "Accepted and validated for Ping CLI compatibility; no command uses it yet.",
  ),
  // Telemetry
  {
    key: "telemetry.enabled",
    type: "bool",
    default: false,
    env: ["PINGCLI_TELEMETRY_ENABLED"],
    description: "Export OpenTelemetry data to the configured OTLP endpoint. " + NOT_YET,
  },
  {
    key: "telemetry.metric.exportInterval",
    type: "duration",
    default: "1m0s",
    env: ["OTEL_METRIC_EXPORT_INTERVAL"],
    description: "Metric export interval. " + NOT_YET,
  },
  {
    key: "telemetry.otlp.endpoint",
    type: "url",
    env: ["OTEL_EXPORTER_OTLP_ENDPOINT"],
    description: "OTLP endpoint, e.g. http://localhost:4318. " + NOT_YET,
  },
  {
    key: "telemetry.otlp.protocol",
    type: "enum",
    values: ["http", "grpc"],
    default: "http",
    env: ["OTEL_EXPORTER_OTLP_PROTOCOL"],
    description: "OTLP protocol. " + NOT_YET,
  },
  {
    key: "telemetry.tls.enabled",
    type: "bool",
    default: false,
    env: ["OTEL_EXPORTER_OTLP_TLS_ENABLED"],
    description: "Use TLS for OTLP. " + NOT_YET,
  },
  {
    key: "telemetry.tls.certFile",
    type: "path",
    env: ["OTEL_EXPORTER_OTLP_CERTIFICATE"],
    description: "OTLP mTLS client certificate file. " + NOT_YET,
  },
  {
    key: "telemetry.tls.keyFile",
    type: "path",
    secret: true,
    env: ["OTEL_EXPORTER_OTLP_CLIENT_KEY"],
    description: "OTLP mTLS client key file. " + NOT_YET,
  },
  {
    key: "telemetry.tls.caFile",
    type: "path",
    env: ["OTEL_EXPORTER_OTLP_CA_CERTIFICATE"],
    description: "OTLP CA file. " + NOT_YET,
  },
  {
    key: "telemetry.tls.insecureSkipVerify",
    type: "bool",
    default: false,
    env: ["OTEL_EXPORTER_OTLP_INSECURE"],
    description: "Skip OTLP TLS verification. " + NOT_YET,
  },
  // Experimental
  {
    key: "experimental.enabled",
    type: "bool",
    default: false,
    env: ["PINGCLI_EXPERIMENTAL"],
    description: "Turn on experimental commands (env or file only). " + NOT_YET,
  },
  // Log
  {
    key: "log.level",
    type: "enum",
    values: LOG_LEVELS,
    default: "WARN",
    flags: ["--log-level"],
    flagScope: "global",
    env: ["PINGCLI_LOG_LEVEL"],
    description: "Console (stderr) log level.",
  },
  {
    key: "log.file",
    type: "path",
    flags: ["--log-file"],
    flagScope: "global",
    env: ["PINGCLI_LOG_FILE"],
    description: "Path of a log file; unset means no file logging.",
  },
  {
    key: "log.fileLevel",
    type: "enum",
    values: LOG_LEVELS,
    default: "DEBUG",
    flags: ["--log-file-level"],
    flagScope: "global",
    env: ["PINGCLI_LOG_FILE_LEVEL"],
    description: "Log file level.",
  },
];
