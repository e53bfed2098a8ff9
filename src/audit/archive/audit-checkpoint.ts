import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * What an archive file's checkpoint states about the rows in it (docs/data-lifecycle.md
 * "Archive"): the chain entered the file at `firstPrevHash` and left it at `lastHash` after
 * `rowCount` rows, `firstId` to `lastId`; `fileSha256` is the SHA-256 of the gzip file.
 */
export interface AuditCheckpointClaims {
  readonly partition: string;
  readonly firstId: string;
  readonly lastId: string;
  readonly rowCount: number;
  readonly firstPrevHash: string | null;
  readonly lastHash: string;
  readonly fileSha256: string;
}

/** The claims, signed with Ed25519 (RFC 8032); `publicKey` is the signer's SPKI, base64 DER. */
export interface SignedAuditCheckpoint extends AuditCheckpointClaims {
  readonly publicKey: string;
  readonly signature: string;
}

/** The signed bytes: the claims as JSON in a fixed field order. */
function signedBytes(claims: AuditCheckpointClaims): Buffer {
  const { partition, firstId, lastId, rowCount, firstPrevHash, lastHash, fileSha256 } = claims;
  return Buffer.from(
    JSON.stringify([partition, firstId, lastId, rowCount, firstPrevHash, lastHash, fileSha256]),
  );
}

export function signCheckpoint(
  claims: AuditCheckpointClaims,
  privateKey: KeyObject,
): SignedAuditCheckpoint {
  return {
    ...claims,
    publicKey: createPublicKey(privateKey)
      .export({ type: 'spki', format: 'der' })
      .toString('base64'),
    signature: sign(null, signedBytes(claims), privateKey).toString('base64'),
  };
}

/** True when `checkpoint.signature` is the signature of its claims by its `publicKey`. */
export function checkpointSignatureValid(checkpoint: SignedAuditCheckpoint): boolean {
  const key = createPublicKey({
    key: Buffer.from(checkpoint.publicKey, 'base64'),
    format: 'der',
    type: 'spki',
  });
  return verify(null, signedBytes(checkpoint), key, Buffer.from(checkpoint.signature, 'base64'));
}
