<?php
/**
 * Turns phpunit's JUnit log into the JSON counts scripts/ci/summarize.mjs adds up
 * (`numPassedTests`, `numFailedTests`, `numPendingTests`), so CI's closing line includes PHP.
 *
 * Usage: php junit-summary.php <junit.xml> <out.json>
 *
 * @package WPSignal
 */

[ , $wordsocket_in, $wordsocket_out ] = $argv + array( '', '', '' );

$wordsocket_counts = array(
	'numPassedTests'  => 0,
	'numFailedTests'  => 0,
	'numPendingTests' => 0,
);

if ( is_file( $wordsocket_in ) ) {
	$wordsocket_xml = simplexml_load_file( $wordsocket_in );
	$wordsocket_top = $wordsocket_xml ? $wordsocket_xml->testsuite : null;

	if ( $wordsocket_top ) {
		$wordsocket_tests   = (int) $wordsocket_top['tests'];
		$wordsocket_failed  = (int) $wordsocket_top['failures'] + (int) $wordsocket_top['errors'];
		$wordsocket_skipped = (int) $wordsocket_top['skipped'];

		$wordsocket_counts['numFailedTests']  = $wordsocket_failed;
		$wordsocket_counts['numPendingTests'] = $wordsocket_skipped;
		$wordsocket_counts['numPassedTests']  = max( 0, $wordsocket_tests - $wordsocket_failed - $wordsocket_skipped );
	}
} else {
	$wordsocket_counts['numFailedTests'] = 1;
}

file_put_contents( $wordsocket_out, json_encode( $wordsocket_counts ) . "\n" );
