package dev.consentgate.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.consent.ConsentState;
import dev.consentgate.core.policy.ConsentCategory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The filter's banner: serves {@code <endpoint>/banner.js}, {@code /banner.css} and {@code /banner.json} (its
 * texts in the visitor's language, the categories and the visitor's state), and gives {@link ConsentTags} what it
 * renders. Held by the request attribute {@value #ATTRIBUTE} for the duration of a filtered request. Immutable and
 * thread-safe.
 */
final class Banner {

    /** Request attribute holding the filter's {@link Banner}, for {@link ConsentTags}. */
    static final String ATTRIBUTE = "dev.consentgate.servlet.Banner";

    private static final ObjectMapper JSON = new ObjectMapper();

    final ConsentGateConfig config;
    /** {@link ConsentTags#banner}'s markup per context path, language and consent state, split around the nonce
     *  and the return path; bounded, since languages and granted sets are few. */
    final java.util.concurrent.ConcurrentHashMap<MarkupKey, String[]> markup =
            new java.util.concurrent.ConcurrentHashMap<>();
    static final int MAX_MARKUPS = 1_024;

    /** What the banner's markup depends on, besides the nonce and the return path. */
    record MarkupKey(String contextPath, String language, boolean decided, java.util.Set<String> granted) {
    }
    final BannerTexts texts;
    final BannerAssets script;
    final BannerAssets style;
    private final String scriptPath;
    private final String stylePath;
    private final String dataPath;

    /** @throws IllegalArgumentException when a category is translated into a language the banner lacks */
    Banner(ConsentGateConfig config) {
        this.config = config;
        this.texts = new BannerTexts(config.policy());
        this.script = BannerAssets.load("banner.js", "text/javascript;charset=utf-8");
        this.style = BannerAssets.load("banner.css", "text/css;charset=utf-8");
        this.scriptPath = config.endpointPath() + "/banner.js";
        this.stylePath = config.endpointPath() + "/banner.css";
        this.dataPath = config.endpointPath() + "/banner.json";
    }

    /** Serves the request if it is for one of the banner's paths (below the context path); false otherwise. */
    boolean serve(String path, HttpServletRequest request, HttpServletResponse response, ConsentState state)
            throws IOException {
        if (path.equals(scriptPath)) {
            script.serve(request, response);
        } else if (path.equals(stylePath)) {
            style.serve(request, response);
        } else if (path.equals(dataPath)) {
            data(request, response, state);
        } else {
            return false;
        }
        return true;
    }

    /** The banner's URL path for {@code file} ({@code banner.js}), with the content hash. */
    String assetUrl(HttpServletRequest request, BannerAssets asset, String file) {
        return request.getContextPath() + config.endpointPath() + "/" + file + "?v=" + asset.version();
    }

    /** The endpoint's URL path, for forms. */
    String endpointUrl(HttpServletRequest request) {
        return request.getContextPath() + config.endpointPath();
    }

    private void data(HttpServletRequest request, HttpServletResponse response, ConsentState state)
            throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            ConsentEndpoint.error(response, 405, "method not allowed", null);
            return;
        }
        String language = BannerTexts.language(request.getHeader("Accept-Language"));
        ObjectNode body = JSON.createObjectNode();
        body.put("language", language);
        ObjectNode labels = body.putObject("texts");
        texts.labels(language).forEach(labels::put);
        ArrayNode categories = body.putArray("categories");
        for (ConsentCategory c : config.policy().categories()) {
            ConsentCategory.Texts t = texts.category(c, language);
            ObjectNode category = categories.addObject();
            category.put("id", c.id());
            category.put("title", t.title());
            category.put("description", t.description());
            category.put("required", c.isNecessary());
            ArrayNode hosts = category.putArray("hosts");
            c.hosts().forEach(hosts::add);
        }
        ObjectNode s = body.putObject("state");
        s.put("decided", state.isDecided());
        ArrayNode granted = s.putArray("granted");
        config.policy().categoryIds().stream().filter(id -> ConsentCategory.NECESSARY.equals(id)
                || state.isGranted(id)).forEach(granted::add);
        body.put("policyRevision", config.policy().revision());
        body.put("csp", config.csp().mode().jsonName());
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setHeader("Content-Language", language);
        response.setHeader("Vary", "Accept-Language");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        if (request.getMethod().equals("GET")) {
            response.getOutputStream().write(bytes);
        }
    }
}
