import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Input of `echo` and `admin_echo`; its JSON Schema is derived from these decorators. */
export class EchoInputDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  message!: string;
}
