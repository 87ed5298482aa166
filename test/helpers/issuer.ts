import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from "jose";
type KeyLike = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

/** A loopback token issuer: signs Entra-shaped access tokens and serves its JWKS. */
export class LoopbackIssuer {
  readonly issuer = 'https://login.example.test/00000000-0000-4000-8000-0000000000aa/v2.0';
  readonly audience = 'api://aoai-gateway';
  private server!: Server;
  private key!: KeyLike;
  private otherKey!: KeyLike;
  private jwk!: JWK;
  port = 0;

  get jwksUri(): string {
    return `http://127.0.0.1:${this.port}/discovery/v2.0/keys`;
  }

  async start(): Promise<this> {
    const pair = await generateKeyPair('RS256');
    this.key = pair.privateKey as KeyLike;
    this.otherKey = (await generateKeyPair('RS256')).privateKey as KeyLike;
    this.jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    this.server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [this.jwk] }));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** A valid token unless told otherwise. */
  async token(options: { oid?: string; roles?: string[]; audience?: string; expiresIn?: string | number; wrongKey?: boolean; issuer?: string } = {}): Promise<string> {
    return new SignJWT({ oid: options.oid ?? 'caller-oid-1', roles: options.roles ?? ['Gateway.Invoke'], tid: '00000000-0000-4000-8000-0000000000aa' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' })
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience ?? this.audience)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(options.expiresIn ?? '1h')
      .sign(options.wrongKey ? this.otherKey : this.key);
  }

  /** `alg: none`, otherwise perfect claims. */
  unsigned(): string {
    return new UnsecuredJWT({ oid: 'caller-oid-1', roles: ['Gateway.Invoke'] }).setIssuer(this.issuer).setAudience(this.audience).setExpirationTime('1h').encode();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}
