package dev.consentgate.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Starts embedded Jetty 12 (ee10) or Tomcat 11 on a free loopback port, with sessions, a filter on {@code /*} for the
 * REQUEST, ASYNC and ERROR dispatches, and an async-capable servlet on {@code /app/*}: the same site on both.
 */
final class EmbeddedServers {

    /** A started server: its port, and how to stop it. */
    record Running(int port, AutoCloseable stop) {
    }

    private static final EnumSet<DispatcherType> DISPATCHES =
            EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);

    // Tomcat logs through java.util.logging; keep the loggers strongly reachable so the level sticks.
    private static final List<Logger> QUIET = List.of(Logger.getLogger("org.apache.catalina"),
            Logger.getLogger("org.apache.coyote"), Logger.getLogger("org.apache.tomcat"));

    static {
        QUIET.forEach(l -> l.setLevel(Level.WARNING));
    }

    private EmbeddedServers() {
    }

    static Running jetty(FilterHolder filter, HttpServlet app) throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.getServletHandler().setStartWithUnavailable(false);
        context.addFilter(filter, "/*", DISPATCHES);
        ServletHolder holder = new ServletHolder(app);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/app/*");
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            jetty.stop();
            throw e;
        }
        return new Running(connector.getLocalPort(), jetty::stop);
    }

    static Running tomcat(Filter filter, HttpServlet app) throws Exception {
        Tomcat tomcat = new Tomcat();
        String baseDir = Files.createDirectories(Path.of("target", "tomcat")).toAbsolutePath().toString();
        tomcat.setBaseDir(baseDir);
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir);
        if (context instanceof StandardContext standard) {
            // The leak checks on stop only warn that they need --add-opens; there is no webapp class loader to leak.
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
        StandardManager sessions = new StandardManager();
        sessions.setPathname(null); // no SESSIONS.ser left behind on stop
        context.setManager(sessions);
        FilterDef def = new FilterDef();
        def.setFilterName("consent");
        def.setFilter(filter);
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("consent");
        map.addURLPattern("/*");
        DISPATCHES.forEach(type -> map.setDispatcher(type.name()));
        context.addFilterMap(map);
        Wrapper wrapper = Tomcat.addServlet(context, "app", app);
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/app/*", "app");
        // Tomcat runs no filter for a request no servlet is mapped to (Jetty's context falls back to a 404 servlet,
        // with the filters in front): without a default servlet, /consent would never reach the filter.
        Tomcat.addServlet(context, "default", new NotFound());
        context.addServletMappingDecoded("/", "default");
        AutoCloseable stop = () -> {
            tomcat.stop();
            tomcat.destroy();
        };
        try {
            tomcat.start();
        } catch (Exception e) {
            stop.close();
            throw e;
        }
        return new Running(connector.getLocalPort(), stop);
    }

    /** What Jetty's context answers when no servlet is mapped. */
    static final class NotFound extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
