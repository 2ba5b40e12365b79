package dev.consentgate.core.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A growable byte array that a store's writer fills with a batch's lines and writes in one call, reused from batch to
 * batch. Sealing straight into it means a line is encoded once: no {@code String} per line, no batch-sized
 * {@code String} encoded again. Not thread-safe: one writer.
 */
final class LineBuffer {

    private byte[] bytes = new byte[64 * 1024];
    private int size;

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** The bytes so far, for one write; valid until the buffer is next changed. */
    ByteBuffer view() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    /** Bytes {@code from} to {@code to} as text. */
    String text(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    byte[] array() {
        return bytes;
    }

    void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    void put(byte[] b, int from, int to) {
        ensure(to - from);
        System.arraycopy(b, from, bytes, size, to - from);
        size += to - from;
    }

    void put(char ascii) {
        ensure(1);
        bytes[size++] = (byte) ascii;
    }

    /** Text known to be ASCII (hex, digits, fixed member names): one byte a character. */
    void putAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** {@code b} as lower-case hex, two bytes a byte. */
    void putHex(byte[] b) {
        ensure(2 * b.length);
        for (byte x : b) {
            bytes[size++] = HEX[(x >> 4) & 0xf];
            bytes[size++] = HEX[x & 0xf];
        }
    }

    /** Bytes {@code from} to {@code to}, known to be ASCII, as text: a plain copy (compact strings). */
    String ascii(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** A copy of bytes {@code from} to {@code to}. */
    byte[] copy(int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    void putLong(long v) {
        if (v < 0) {
            putAscii(Long.toString(v));
            return;
        }
        int digits = 1;
        for (long x = v / 10; x != 0; x /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += digits;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
