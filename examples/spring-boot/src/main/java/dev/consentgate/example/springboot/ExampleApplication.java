package dev.consentgate.example.springboot;

import dev.consentgate.servlet.ConsentFilter;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * A Spring Boot app with Consent Gate in front of its controllers, on Boot's default Tomcat 10.1 (Servlet 6.0).
 * The filter reads its JSON configuration from {@code consentgate.config} (default
 * {@code classpath:consentgate.json}) and its signing secret from {@code CONSENTGATE_SECRET}.
 */
@SpringBootApplication
public class ExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }

    /**
     * The filter on every path and for REQUEST, ASYNC and ERROR dispatches, so cookies set by async controllers and
     * error pages are decided too. Early: after Boot's character-encoding and {@code ForwardedHeaderFilter}
     * (highest precedence, so {@code isSecure()} and the host are the visitor's), before Spring Security
     * ({@code -100}) and everything else that may set a cookie.
     */
    @Bean
    FilterRegistrationBean<ConsentFilter> consentFilter(
            @Value("${consentgate.config:" + ConsentFilter.DEFAULT_CONFIG + "}") String config) {
        // Created by its no-argument constructor and configured at init from the init-param, as from web.xml.
        FilterRegistrationBean<ConsentFilter> registration = new FilterRegistrationBean<>(new ConsentFilter());
        registration.setName("consent");
        registration.addInitParameter(ConsentFilter.CONFIG_PARAM, config);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
