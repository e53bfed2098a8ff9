import { Column } from 'typeorm';

/**
 * The columns every policy table shares (migrations CreateToolPolicies, CreateCapabilityPolicies),
 * inherited by their entities. NULL lists mean "no restriction"; `revision` is the optimistic
 * concurrency token of the admin API.
 */
export abstract class AccessPolicyColumns {
  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'text', array: true, nullable: true })
  roles!: string[] | null;

  @Column({ name: 'allowed_clients', type: 'text', array: true, nullable: true })
  allowedClients!: string[] | null;

  @Column({ name: 'allowed_tenants', type: 'text', array: true, nullable: true })
  allowedTenants!: string[] | null;

  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy!: string | null;
}
