const REDACTED = '[redacted]';

// Keys whose values are credentials wherever they appear: query strings, form bodies, JSON.
const SECRET_PARAM = /\b(access_token|appsecret_proof|client_secret)(=|%3D|"\s*:\s*")([^&\s"',;]+)/gi;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=|-]+/g;

/** Removes access tokens (and any explicitly given secret) from text meant for errors or logs. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text.replace(SECRET_PARAM, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`);
  out = out.replace(BEARER, `$1 ${REDACTED}`);
  for (const secret of secrets) {
    // Short values would shred ordinary words; real tokens are long.
    if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** A URL reduced to something safe to show: credentials in its query string are replaced. */
export function redactUrl(url: string, secrets: ReadonlyArray<string | undefined> = []): string {
  return redactSecrets(url, secrets);
}
