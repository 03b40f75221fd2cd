package vn.poverty.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends each response in one piece, with a {@code Content-Length}, when the request ends: explicit flushes of the
 * body are ignored. Spring MVC flushes after writing every JSON body, which made Tomcat send the headers and body at
 * once in chunked encoding and then the final chunk in a second write (a twentieth of the command side's CPU under
 * load, and a second packet for every client). A body larger than Tomcat's response buffer (8 KiB) is still sent
 * as it is written; no endpoint streams a response that needs flushing while it is being written.
 */
final class WholeResponses extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new Unflushed(response));
    }

    /** The response, whose body stream and buffer ignore {@code flush}: Tomcat sends them when the request ends. */
    static final class Unflushed extends HttpServletResponseWrapper {

        private ServletOutputStream body;

        Unflushed(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (body == null) {
                body = new UnflushedStream(super.getOutputStream());
            }
            return body;
        }

        @Override
        public void flushBuffer() {
            // sent when the request ends
        }
    }

    private static final class UnflushedStream extends ServletOutputStream {

        private final ServletOutputStream target;

        UnflushedStream(ServletOutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
        }

        @Override
        public void flush() {
            // sent when the request ends
        }

        @Override
        public void close() throws IOException {
            target.close();
        }

        @Override
        public boolean isReady() {
            return target.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            target.setWriteListener(listener);
        }
    }
}
