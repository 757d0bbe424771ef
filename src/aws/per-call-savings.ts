// Per-call work an SDK client does for nothing when it has no logger and signs every call the same way: about a
// tenth of a small call's CPU, which the card renderer pays three times per card.

interface SigningClient<Scheme, Signer> {
  readonly middlewareStack: { remove(name: string): boolean };
  readonly config: { signer: (authScheme?: Scheme) => Promise<Signer> };
}

interface AuthSchemeLike {
  readonly name?: string;
  readonly signingName?: string;
  readonly signingRegion?: string;
}

/**
 * For a client built without a `logger`: drops the logging middleware, which otherwise copies every input and output
 * through the operation's schema (to hide sensitive members) only to hand the copy to the SDK's no-op logger; and
 * keeps one request signer per signing scheme, service and region instead of building a new one (with a copy of the
 * whole client configuration and a cold signing-key cache) for every call. The signer reads the credentials and the
 * clock at each signature, so a rotated key or corrected skew applies as before. Call before the client's first send.
 */
export function savePerCallWork<Scheme extends AuthSchemeLike, Signer, Client extends SigningClient<Scheme, Signer>>(
  client: Client & SigningClient<Scheme, Signer>,
): Client {
  client.middlewareStack.remove('loggerMiddleware');
  const buildSigner = client.config.signer;
  const signers = new Map<string, Promise<Signer>>();
  client.config.signer = (authScheme?: Scheme) => {
    const key = `${authScheme?.name ?? ''}|${authScheme?.signingName ?? ''}|${authScheme?.signingRegion ?? ''}`;
    let signer = signers.get(key);
    if (!signer) {
      signer = buildSigner(authScheme);
      // A failed build (credentials not resolvable yet) is not kept: the next call builds again, as before.
      void signer.catch(() => signers.delete(key));
      signers.set(key, signer);
    }
    return signer;
  };
  return client;
}
