package dev.consentgate.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One static banner file ({@code banner.js}, {@code banner.css}) held in memory and served with a content hash:
 * as {@code ?v=<hash>} it is cacheable for a year ({@code immutable}); under any other URL it must be revalidated,
 * which its strong {@code ETag} answers with {@code 304}. Immutable and thread-safe.
 */
final class BannerAssets {

    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "public, no-cache";

    private final byte[] content;
    private final String contentType;
    private final String version;
    private final String etag;

    private BannerAssets(byte[] content, String contentType) {
        this.content = content;
        this.contentType = contentType;
        this.version = sha256(content).substring(0, 16);
        this.etag = "\"" + version + "\"";
    }

    /** The resource {@code banner/<name>} next to this class. */
    static BannerAssets load(String name, String contentType) {
        try (InputStream in = BannerAssets.class.getResourceAsStream("banner/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the banner file " + name + " is missing from the jar");
            }
            return new BannerAssets(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the banner file " + name, e);
        }
    }

    /** The content hash, for {@code ?v=} in links. */
    String version() {
        return version;
    }

    void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(405);
            return;
        }
        response.setHeader("Cache-Control", version.equals(request.getParameter("v")) ? IMMUTABLE : REVALIDATE);
        response.setHeader("ETag", etag);
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (matches(request.getHeader("If-None-Match"))) {
            response.setStatus(304);
            return;
        }
        response.setContentType(contentType);
        response.setContentLength(content.length);
        if (method.equals("GET")) {
            response.getOutputStream().write(content);
        }
    }

    /** RFC 9110 §13.1.2: a list of entity tags or {@code *}; weak comparison suffices for a GET. */
    private boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null || ifNoneMatch.length() > 1_024) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
