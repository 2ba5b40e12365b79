package dev.consentgate.benchmarks;

import dev.consentgate.core.config.ConsentGateConfig;
import dev.consentgate.core.consent.SigningKey;
import dev.consentgate.core.consent.SigningKeys;
import dev.consentgate.core.csp.CspConfig;
import dev.consentgate.core.policy.ConsentCategory;
import dev.consentgate.core.policy.ConsentPolicy;
import dev.consentgate.core.policy.CookieMatchers;
import dev.consentgate.core.tracking.TrackingConfig;
import dev.consentgate.servlet.ConsentFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the filter's response wrapper costs per {@code Set-Cookie} the app adds: the same
 * {@code addHeader("Set-Cookie", …)} on a plain in-memory response ({@code baselinePlain}) and on the
 * {@code ConsentResponse} the filter hands the app around that same response, for a cookie the visitor's consent
 * allows ({@code wrapperAllowed}, passed on) and one it does not ({@code wrapperDropped}, dropped). The wrapper is the
 * real one, obtained by running {@link ConsentFilter} once over test doubles; the visitor has no consent cookie, so
 * only necessary cookies pass.
 *
 * <pre>java -jar benchmarks/target/consentgate-benchmarks.jar ResponseWrapperBench -f 2 -wi 3 -i 5 -prof gc</pre>
 */
@State(Scope.Thread)
public class ResponseWrapperBench extends HotPathBench {

    private static final String ALLOWED = "JSESSIONID=node0abc123; Path=/; HttpOnly; SameSite=Lax";
    private static final String DROPPED = "_ga=GA1.1.123456789.1732540012; Max-Age=63072000; Path=/; SameSite=Lax";

    private PlainResponse plain;
    private HttpServletResponse wrapped;

    @Setup
    public void setup() throws Exception {
        byte[] secret = new byte[32];
        new SplittableRandom(3).nextBytes(secret);
        ConsentGateConfig config = ConsentGateConfig.builder()
                .policy(ConsentPolicy.builder()
                        .category(ConsentCategory.of("analytics", "A", "A").withCookies(CookieMatchers.names("_ga")))
                        .build())
                .signingKeys(SigningKeys.of(List.of(SigningKey.of("k1", secret))))
                .tracking(TrackingConfig.builder().enabled(false).build())
                .build();
        ConsentFilter filter = ConsentFilter.builder().config(config).build();
        filter.init(filterConfig());
        plain = new PlainResponse();
        ServletResponse[] seen = new ServletResponse[1];
        filter.doFilter(new PlainRequest(), plain, (req, res) -> seen[0] = res);
        wrapped = (HttpServletResponse) seen[0];
        if (wrapped == plain || wrapped == null) {
            throw new IllegalStateException("the filter did not wrap the response");
        }
        plain.clear();
        wrapped.addHeader("Set-Cookie", DROPPED);
        wrapped.addHeader("Set-Cookie", ALLOWED);
        if (plain.count != 1) {
            throw new IllegalStateException("expected the wrapper to pass exactly the allowed cookie, got "
                    + plain.count);
        }
    }

    @Benchmark
    public int baselinePlain() {
        plain.addHeader("Set-Cookie", ALLOWED);
        return plain.count;
    }

    @Benchmark
    public int wrapperAllowed() {
        wrapped.addHeader("Set-Cookie", ALLOWED);
        return plain.count;
    }

    @Benchmark
    public int wrapperDropped() {
        wrapped.addHeader("Set-Cookie", DROPPED);
        return plain.count;
    }

    private static FilterConfig filterConfig() {
        ServletContext context = proxy(ServletContext.class, Map.of());
        return proxy(FilterConfig.class, Map.of("getServletContext", context,
                "getInitParameterNames", Collections.emptyEnumeration()));
    }

    /** An interface whose methods answer from {@code answers} by name, else null, false or zero. */
    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (answers.containsKey(m.getName())) {
                return answers.get(m.getName());
            }
            Class<?> r = m.getReturnType();
            if (r == boolean.class) {
                return false;
            }
            if (r == int.class || r == long.class) {
                return r == int.class ? (Object) 0 : (Object) 0L;
            }
            return null;
        });
    }

    /** A GET of {@code /} over plain HTTP without cookies; used once in setup, so a proxy underneath is fine. */
    private static final class PlainRequest extends HttpServletRequestWrapper {
        private final Map<String, Object> attributes = new HashMap<>();

        PlainRequest() {
            super(proxy(HttpServletRequest.class, Map.of()));
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object o) {
            attributes.put(name, o);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return Collections.emptyEnumeration();
        }

        @Override
        public String getServletPath() {
            return "/";
        }

        @Override
        public DispatcherType getDispatcherType() {
            return DispatcherType.REQUEST;
        }

        @Override
        public String getMethod() {
            return "GET";
        }

        @Override
        public String getServerName() {
            return "shop.example";
        }
    }

    /** An in-memory response that keeps only a count and the last value of each header, so it never grows. */
    private static final class PlainResponse extends HttpServletResponseWrapper {
        private final Map<String, String> last = new HashMap<>();
        int count;

        PlainResponse() {
            super(proxy(HttpServletResponse.class, Map.of()));
        }

        void clear() {
            last.clear();
            count = 0;
        }

        @Override
        public void addHeader(String name, String value) {
            last.put(name, value);
            count++;
        }

        @Override
        public void setHeader(String name, String value) {
            last.put(name, value);
            count++;
        }

        @Override
        public boolean containsHeader(String name) {
            return last.containsKey(name);
        }

        @Override
        public String getHeader(String name) {
            return last.get(name);
        }

        @Override
        public Collection<String> getHeaders(String name) {
            String v = last.get(name);
            return v == null ? List.of() : new ArrayList<>(List.of(v));
        }
    }
}
