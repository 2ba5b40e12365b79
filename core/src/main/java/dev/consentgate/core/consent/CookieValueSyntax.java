package dev.consentgate.core.consent;

import java.util.Arrays;

/**
 * The hand-written scanners {@link ConsentCookieCodec} reads its values with: no regex, no split, nothing allocated.
 * Every method reads a {@code [from, to)} range of a string that may be anything a client sent, and answers
 * "invalid" rather than throwing.
 */
final class CookieValueSyntax {

    private static final boolean[] VALUE_CHARS = new boolean[128];
    private static final byte[] SEXTETS = new byte[128];

    static {
        Arrays.fill(SEXTETS, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"; // RFC 4648 §5
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = (byte) i;
            VALUE_CHARS[alphabet.charAt(i)] = true;
        }
        VALUE_CHARS['.'] = true;
        VALUE_CHARS['~'] = true;
    }

    private CookieValueSyntax() {
    }

    /** Whether {@code c} may appear in a value: {@code [A-Za-z0-9_.~-]}. */
    static boolean isValueChar(char c) {
        return c < VALUE_CHARS.length && VALUE_CHARS[c];
    }

    /** The index of the {@code .} ending the field at {@code from}, or {@code to} when there is none before it. */
    static int fieldEnd(String value, int from, int to) {
        if (from >= to) {
            return to;
        }
        int dot = value.indexOf('.', from);
        return dot < 0 || dot > to ? to : dot;
    }

    /**
     * The canonical number (no sign, no leading zero, lower-case digits) in {@code [from, to)}, of at most
     * {@code maxDigits} digits and at most {@code max}; -1 otherwise. {@code maxDigits} must keep the value within a
     * long: up to 18 decimal or 11 base-36 digits.
     */
    static long parseNumber(String value, int from, int to, int radix, int maxDigits, long max) {
        int digits = to - from;
        if (digits < 1 || digits > maxDigits || (digits > 1 && value.charAt(from) == '0')) {
            return -1;
        }
        long result = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'z') {
                digit = c - 'a' + 10;
            } else {
                return -1;
            }
            if (digit >= radix) {
                return -1;
            }
            result = result * radix + digit;
        }
        return result <= max ? result : -1;
    }

    /** Whether {@code [from, to)} matches {@code [a-z][a-z0-9_-]{0,31}}, the id pattern of {@code ConsentCategory}. */
    static boolean isCategoryId(String value, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 32) {
            return false;
        }
        char first = value.charAt(from);
        if (first < 'a' || first > 'z') {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes the {@code count} base64url characters at {@code from} into the start of {@code out}. False for any
     * character outside the alphabet, and for non-zero unused trailing bits, so that each byte string has exactly
     * one accepted encoding (RFC 4648 §3.5).
     */
    static boolean decodeBase64Url(String value, int from, int count, byte[] out) {
        int accumulator = 0;
        int bits = 0;
        int o = 0;
        for (int i = from; i < from + count; i++) {
            char c = value.charAt(i);
            int sextet = c < SEXTETS.length ? SEXTETS[c] : -1;
            if (sextet < 0) {
                return false;
            }
            accumulator = (accumulator << 6) | sextet;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (accumulator >> bits);
                accumulator &= (1 << bits) - 1;
            }
        }
        return accumulator == 0;
    }

    /** The big-endian long in {@code bytes[from, from + 8)}. */
    static long readLong(byte[] bytes, int from) {
        long result = 0;
        for (int i = from; i < from + 8; i++) {
            result = (result << 8) | (bytes[i] & 0xff);
        }
        return result;
    }
}
