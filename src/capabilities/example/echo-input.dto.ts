import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The longest message the schema of `echo` accepts; `EXAMPLE_ECHO_MAX_LENGTH` may lower it. */
export const ECHO_MESSAGE_MAX_LENGTH = 10_000;

/** Input of `echo` and `admin_echo`; its JSON Schema is derived from these decorators. */
export class EchoInputDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(ECHO_MESSAGE_MAX_LENGTH)
  message!: string;
}
