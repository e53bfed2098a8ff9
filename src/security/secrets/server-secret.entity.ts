import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of `server_secrets` (migration CreateServerSecrets): one deployment-wide secret. */
@Entity({ name: 'server_secrets' })
export class ServerSecretEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'bytea' })
  value!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
