package vn.poverty.command.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Puts the authenticated user ({@code actor}) and the request's {@code Idempotency-Key} on every command sent from
 * an HTTP request; correlation data providers copy them onto every event the command causes.
 */
public class RequestMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    public static final String ACTOR = "actor";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    /** The request that holds the idempotency key's claim; on the command only, not copied onto events. */
    public static final String IDEMPOTENCY_OWNER = "idempotencyOwner";

    public static final String ANONYMOUS = "anonymous";

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        return (index, message) -> {
            if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
                return message.getMetaData().containsKey(ACTOR)
                        ? message
                        : message.andMetaData(Map.of(ACTOR, ANONYMOUS));
            }
            HttpServletRequest request = attributes.getRequest();
            Map<String, Object> metadata = new HashMap<>();
            Principal principal = request.getUserPrincipal();
            if (!message.getMetaData().containsKey(ACTOR)) {
                // server code that acts on its own account (the overdue check) names itself
                metadata.put(ACTOR, principal == null ? ANONYMOUS : principal.getName());
            }
            for (String attribute : new String[] {IDEMPOTENCY_KEY, IDEMPOTENCY_OWNER}) {
                Object value = request.getAttribute(attribute);
                if (value != null) {
                    metadata.put(attribute, value);
                }
            }
            return message.andMetaData(metadata);
        };
    }
}
