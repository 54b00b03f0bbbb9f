/** Error details shared by both expression languages. */

/** Details attached to an `EXPRESSION_SYNTAX` BatonError. */
export interface SyntaxErrorDetails {
  language: 'juel' | 'feel';
  /** 0-based offset into the expression source (for FEEL: into the text after `=`). */
  position: number;
}
