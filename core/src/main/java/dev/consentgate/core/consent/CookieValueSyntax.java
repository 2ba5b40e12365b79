package dev.consentgate.core.consent;

import java.util.Arrays;

/**
 * The hand-written scanners {@link ConsentCookieCodec} reads its values with: no regex, no split, nothing allocated.
 * Every method reads a {@code [from, to)} range of a string that may be anything a client sent, and answers
 * "invalid" rather than throwing.
 */
final class CookieValueSyntax {

    // Indexed by a byte's 8 bits, so that checking a byte needs no range test.
    private static final boolean[] VALUE_BYTES = new boolean[256];
    private static final byte[] SEXTETS = new byte[128];

    static {
        Arrays.fill(SEXTETS, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"; // RFC 4648 §5
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = (byte) i;
            VALUE_BYTES[alphabet.charAt(i)] = true;
        }
        VALUE_BYTES['.'] = true;
        VALUE_BYTES['~'] = true;
    }

    private CookieValueSyntax() {
    }

    /**
     * Whether every byte of {@code bytes[from, to)} is a value character, {@code [A-Za-z0-9_.~-]}. Without a branch
     * per byte: the answer only matters once the whole range is read.
     */
    static boolean areValueBytes(byte[] bytes, int from, int to) {
        boolean valid = true;
        for (int i = from; i < to; i++) {
            valid &= VALUE_BYTES[bytes[i] & 0xff];
        }
        return valid;
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
     * character outside the alphabet, for a count no encoding has ({@code count % 4 == 1}), and for non-zero unused
     * trailing bits, so that each byte string has exactly one accepted encoding (RFC 4648 §3.5). Four characters
     * (three bytes) a step, with one test for all four: the signature and the consent ID are 65 characters of every
     * cold cookie.
     */
    static boolean decodeBase64Url(String value, int from, int count, byte[] out) {
        int invalid = 0; // negative once any character is outside the alphabet
        int o = 0;
        int i = from;
        int end = from + count;
        for (; i + 4 <= end; i += 4) {
            int a = sextet(value.charAt(i));
            int b = sextet(value.charAt(i + 1));
            int c = sextet(value.charAt(i + 2));
            int d = sextet(value.charAt(i + 3));
            invalid |= a | b | c | d;
            int bits = a << 18 | b << 12 | c << 6 | d;
            out[o] = (byte) (bits >> 16);
            out[o + 1] = (byte) (bits >> 8);
            out[o + 2] = (byte) bits;
            o += 3;
        }
        int unused; // the bits of the last characters that make no whole byte; must be zero
        switch (end - i) {
            case 0 -> unused = 0;
            case 1 -> unused = -1; // 6 bits: no encoder ends so
            case 2 -> {
                int a = sextet(value.charAt(i));
                int b = sextet(value.charAt(i + 1));
                invalid |= a | b;
                out[o] = (byte) (a << 2 | b >> 4);
                unused = b & 0xf;
            }
            default -> {
                int a = sextet(value.charAt(i));
                int b = sextet(value.charAt(i + 1));
                int c = sextet(value.charAt(i + 2));
                invalid |= a | b | c;
                out[o] = (byte) (a << 2 | b >> 4);
                out[o + 1] = (byte) (b << 4 | c >> 2);
                unused = c & 0x3;
            }
        }
        return invalid >= 0 && unused == 0;
    }

    /** The 6 bits a base64url character stands for, or -1. */
    private static int sextet(char c) {
        return c < SEXTETS.length ? SEXTETS[c] : -1;
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
