<?php
/**
 * The source checks a plugin reviewer runs, on PHP's own tokenizer, over an unzipped plugin:
 *
 * - every file starts (after its docblocks, `declare`, `namespace` and `use` lines) with an
 *   `ABSPATH` guard; uninstall.php with a `WP_UNINSTALL_PLUGIN` guard; generated
 *   `build/*.asset.php` files are exempt only while they are a bare `return array(...)`;
 * - every gettext call (and `load_plugin_textdomain`, `wp_set_script_translations`) names the
 *   one text domain as a literal;
 * - every `register_rest_route` call passes a `permission_callback`;
 * - output is escaped: each operand of `echo`, `print` and `<?=` and each argument of `printf`
 *   is a literal, a number, a cast to int, or the result of an escaping function; `_e`, `_ex`,
 *   `print_r`, `var_dump` and `var_export` are refused. This is a rough check: it does not
 *   follow variables, so it refuses some safe code (escape at the echo) and cannot see a value
 *   escaped wrongly for its context.
 *
 * Usage: php check-plugin.php <plugin-dir> [text-domain]. Prints one line per problem, then a
 * JSON summary line; exits 1 when there is a problem.
 *
 * @package WordSocket
 */

$dir    = rtrim( $argv[1] ?? '', '/' );
$domain = $argv[2] ?? 'wordsocket';

if ( '' === $dir || ! is_dir( $dir ) ) {
	fwrite( STDERR, "usage: php check-plugin.php <plugin-dir> [text-domain]\n" );
	exit( 2 );
}

/** Argument position (1-based) of the text domain in each gettext function. */
const DOMAIN_ARGUMENT = array(
	'__'                      => 2,
	'_e'                      => 2,
	'esc_html__'              => 2,
	'esc_html_e'              => 2,
	'esc_attr__'              => 2,
	'esc_attr_e'              => 2,
	'_x'                      => 3,
	'_ex'                     => 3,
	'esc_html_x'              => 3,
	'esc_attr_x'              => 3,
	'_n'                      => 4,
	'_nx'                     => 5,
	'_n_noop'                 => 3,
	'_nx_noop'                => 4,
	'load_plugin_textdomain'  => 1,
	'wp_set_script_translations' => 2,
);

/** Functions whose result is safe to print as it is. */
const ESCAPING = array(
	'esc_html', 'esc_attr', 'esc_url', 'esc_textarea', 'esc_js', 'esc_xml', 'esc_html__',
	'esc_attr__', 'esc_html_x', 'esc_attr_x', 'wp_kses', 'wp_kses_post', 'wp_kses_data',
	'absint', 'intval', 'number_format_i18n', 'wp_nonce_field', 'submit_button', 'checked',
	'selected', 'disabled', 'get_submit_button', 'esc_url_raw',
);

/** Printing functions refused outright, with what to use instead. */
const REFUSED = array(
	'_e'         => 'esc_html_e',
	'_ex'        => 'esc_html_x with echo',
	'print_r'    => 'nothing (debug output)',
	'var_dump'   => 'nothing (debug output)',
	'var_export' => 'nothing (debug output)',
	'vprintf'    => 'printf with escaped arguments',
);

$problems = array();
$counts   = array( 'files' => 0, 'gettext' => 0, 'routes' => 0, 'outputs' => 0 );

/**
 * Tokens without whitespace and comments, as [id, text, line].
 *
 * @param string $code PHP source.
 * @return array<int, array{0:int|string,1:string,2:int}>
 */
function significant_tokens( string $code ): array {
	$out  = array();
	$line = 1;
	foreach ( token_get_all( $code ) as $token ) {
		if ( is_array( $token ) ) {
			$line = $token[2];
			if ( in_array( $token[0], array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT ), true ) ) {
				continue;
			}
			$out[] = array( $token[0], $token[1], $token[2] );
		} else {
			$out[] = array( $token, $token, $line );
		}
	}
	return $out;
}

/** Index just past the statement starting at $i (after its `;` or its closing `}`). */
function statement_end( array $tokens, int $i ): int {
	$depth = 0;
	$count = count( $tokens );
	for ( ; $i < $count; $i++ ) {
		$text = $tokens[ $i ][1];
		if ( '(' === $text || '{' === $text || '[' === $text ) {
			++$depth;
		} elseif ( ')' === $text || ']' === $text ) {
			--$depth;
		} elseif ( '}' === $text ) {
			--$depth;
			if ( 0 === $depth ) {
				return $i + 1;
			}
		} elseif ( ';' === $text && 0 === $depth ) {
			return $i + 1;
		}
	}
	return $count;
}

/** The text of tokens [$from, $to) with nothing between them. */
function joined( array $tokens, int $from, int $to ): string {
	return implode( '', array_map( fn( $t ) => $t[1], array_slice( $tokens, $from, $to - $from ) ) );
}

/**
 * The arguments of the call whose `(` is at $open: a list of token lists, and the index of `)`.
 *
 * @return array{0: array<int, array>, 1: int}
 */
function call_arguments( array $tokens, int $open ): array {
	$args    = array();
	$current = array();
	$depth   = 0;
	$count   = count( $tokens );
	for ( $i = $open; $i < $count; $i++ ) {
		$text = $tokens[ $i ][1];
		if ( '(' === $text || '[' === $text || '{' === $text || T_CURLY_OPEN === $tokens[ $i ][0] ) {
			++$depth;
			if ( 1 === $depth && '(' === $text && $i === $open ) {
				continue;
			}
		} elseif ( ')' === $text || ']' === $text || '}' === $text ) {
			--$depth;
			if ( 0 === $depth ) {
				if ( $current ) {
					$args[] = $current;
				}
				return array( $args, $i );
			}
		} elseif ( ',' === $text && 1 === $depth ) {
			$args[]  = $current;
			$current = array();
			continue;
		}
		$current[] = $tokens[ $i ];
	}
	return array( $args, $count );
}

/** Whether the token at $i names a called function (not a method, a declaration or a constant). */
function is_function_call( array $tokens, int $i ): bool {
	if ( T_STRING !== $tokens[ $i ][0] || '(' !== ( $tokens[ $i + 1 ][1] ?? '' ) ) {
		return false;
	}
	$before = $tokens[ $i - 1 ][0] ?? null;
	return ! in_array( $before, array( T_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION, T_NEW, T_NULLSAFE_OBJECT_OPERATOR ), true );
}

/**
 * Splits a printed expression at its top-level `.`, `,` and `:` into operands.
 *
 * @return array<int, array>
 */
function operands( array $tokens ): array {
	$parts   = array();
	$current = array();
	$depth   = 0;
	foreach ( $tokens as $token ) {
		$text = $token[1];
		if ( '(' === $text || '[' === $text ) {
			++$depth;
		} elseif ( ')' === $text || ']' === $text ) {
			--$depth;
		} elseif ( 0 === $depth && '?' === $text ) {
			// What comes before a top-level `?` is the ternary's condition, which is not printed.
			$parts   = array();
			$current = array();
			continue;
		} elseif ( 0 === $depth && in_array( $text, array( '.', ',', ':' ), true ) ) {
			$parts[]  = $current;
			$current = array();
			continue;
		}
		$current[] = $token;
	}
	$parts[] = $current;
	return array_values( array_filter( $parts ) );
}

/** Whether an operand is safe to print: a literal, a number, an int cast or an escaping call. */
function is_safe_operand( array $operand ): bool {
	$first = $operand[0];
	if ( 1 === count( $operand ) ) {
		if ( in_array( $first[0], array( T_CONSTANT_ENCAPSED_STRING, T_LNUMBER, T_DNUMBER ), true ) ) {
			return true;
		}
		if ( T_STRING === $first[0] && strtoupper( $first[1] ) === $first[1] ) {
			return true;
		}
	}
	if ( T_INT_CAST === $first[0] ) {
		return true;
	}
	if ( T_STRING === $first[0] && '(' === ( $operand[1][1] ?? '' ) && in_array( $first[1], ESCAPING, true ) ) {
		list( , $close ) = call_arguments( $operand, 1 );
		return count( $operand ) - 1 === $close;
	}
	if ( '(' === $first[1] && ')' === end( $operand )[1] ) {
		$inner = array_slice( $operand, 1, -1 );
		foreach ( operands( $inner ) as $part ) {
			if ( ! is_safe_operand( $part ) ) {
				return false;
			}
		}
		return true;
	}
	return false;
}

$iterator = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $dir, FilesystemIterator::SKIP_DOTS ) );
$files    = array();
foreach ( $iterator as $file ) {
	if ( 'php' === $file->getExtension() ) {
		$files[] = $file->getPathname();
	}
}
sort( $files );

foreach ( $files as $path ) {
	++$counts['files'];
	$name   = substr( $path, strlen( $dir ) + 1 );
	$code   = file_get_contents( $path );
	$tokens = significant_tokens( $code );
	$report = function ( int $line, string $message ) use ( &$problems, $name ) {
		$problems[] = "{$name}:{$line}: {$message}";
	};

	// Direct access guard.
	$i = 0;
	while ( isset( $tokens[ $i ] ) && T_OPEN_TAG === $tokens[ $i ][0] ) {
		++$i;
	}
	while ( isset( $tokens[ $i ] ) && in_array( $tokens[ $i ][0], array( T_DECLARE, T_NAMESPACE, T_USE ), true ) ) {
		$i = statement_end( $tokens, $i );
	}
	$guard    = isset( $tokens[ $i ] ) ? joined( $tokens, $i, statement_end( $tokens, $i ) ) : '';
	$constant = 'uninstall.php' === $name ? 'WP_UNINSTALL_PLUGIN' : 'ABSPATH';
	$pattern  = '/^(if\(!defined\([\'"]' . $constant . '[\'"]\)\)(\{(exit|die)(\(\))?;\}|(exit|die)(\(\))?;)|defined\([\'"]' . $constant . '[\'"]\)\|\|(exit|die)(\(\))?;)$/';
	$is_asset = (bool) preg_match( '#^build/[^/]+\.asset\.php$#', $name );
	if ( $is_asset ) {
		$end = isset( $tokens[ $i ] ) && T_RETURN === $tokens[ $i ][0] ? statement_end( $tokens, $i ) : -1;
		if ( count( $tokens ) !== $end ) {
			$report( 1, 'a generated asset file must be a bare `return array(...)`' );
		}
	} elseif ( ! preg_match( $pattern, $guard ) ) {
		$line = $tokens[ $i ][2] ?? 1;
		$report( $line, "the first statement is not a {$constant} guard: " . substr( $guard, 0, 80 ) );
	}

	$count = count( $tokens );
	for ( $i = 0; $i < $count; $i++ ) {
		$token = $tokens[ $i ];

		if ( is_function_call( $tokens, $i ) ) {
			$function = $token[1];
			list( $args ) = call_arguments( $tokens, $i + 1 );

			if ( isset( DOMAIN_ARGUMENT[ $function ] ) ) {
				++$counts['gettext'];
				$arg = $args[ DOMAIN_ARGUMENT[ $function ] - 1 ] ?? null;
				$ok  = null !== $arg && 1 === count( $arg ) && T_CONSTANT_ENCAPSED_STRING === $arg[0][0] && trim( $arg[0][1], '\'"' ) === $domain;
				if ( ! $ok ) {
					$found = null === $arg ? 'none' : joined( $arg, 0, count( $arg ) );
					$report( $token[2], "{$function}() must use the text domain '{$domain}' (found {$found})" );
				}
			}

			if ( 'register_rest_route' === $function ) {
				++$counts['routes'];
				$text = joined( $args[2] ?? array(), 0, count( $args[2] ?? array() ) );
				if ( ! preg_match( '/[\'"]permission_callback[\'"]=>/', $text ) ) {
					$report( $token[2], 'register_rest_route() without a permission_callback' );
				}
			}

			if ( isset( REFUSED[ $function ] ) ) {
				++$counts['outputs'];
				$report( $token[2], "{$function}() prints unescaped output; use " . REFUSED[ $function ] );
			}

			if ( 'printf' === $function ) {
				++$counts['outputs'];
				foreach ( $args as $index => $arg ) {
					if ( ! is_safe_operand( $arg ) ) {
						$report( $token[2], 'printf() argument ' . ( $index + 1 ) . ' is not escaped: ' . substr( joined( $arg, 0, count( $arg ) ), 0, 80 ) );
					}
				}
			}
		}

		if ( in_array( $token[0], array( T_ECHO, T_PRINT, T_OPEN_TAG_WITH_ECHO ), true ) ) {
			++$counts['outputs'];
			$end        = $i + 1;
			$expression = array();
			while ( isset( $tokens[ $end ] ) && ';' !== $tokens[ $end ][1] && T_CLOSE_TAG !== $tokens[ $end ][0] ) {
				$expression[] = $tokens[ $end ];
				++$end;
			}
			foreach ( operands( $expression ) as $operand ) {
				if ( ! is_safe_operand( $operand ) ) {
					$report( $token[2], 'output is not escaped: ' . substr( joined( $operand, 0, count( $operand ) ), 0, 80 ) );
				}
			}
		}
	}
}

foreach ( $problems as $problem ) {
	echo $problem, "\n";
}
echo json_encode( array( 'problems' => count( $problems ) ) + $counts ), "\n";
exit( $problems ? 1 : 0 );
