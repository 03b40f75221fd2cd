package vn.poverty.command.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.http.MediaType;
import vn.poverty.command.shared.CommandSender;
import vn.poverty.command.shared.RequestMetadataInterceptor;

/**
 * Records a successful command's response against its idempotency key inside the command's transaction: the events
 * and the record commit together or not at all.
 */
class IdempotencyRecordingInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final IdempotencyStore store;
    private final ObjectMapper json;

    IdempotencyRecordingInterceptor(IdempotencyStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        var metadata = unitOfWork.getMessage().getMetaData();
        Object key = metadata.get(RequestMetadataInterceptor.IDEMPOTENCY_KEY);
        Object owner = metadata.get(RequestMetadataInterceptor.IDEMPOTENCY_OWNER);
        Object status = metadata.get(CommandSender.SUCCESS_STATUS);
        if (key != null
                && owner != null
                && status instanceof Number number
                && !store.complete(
                        owner.toString(),
                        number.intValue(),
                        MediaType.APPLICATION_JSON_VALUE,
                        json.writeValueAsString(result),
                        null)) {
            // another request took the key over after our lease expired: it will apply the command, we must not
            throw new IllegalStateException("The claim on idempotency key " + key + " was lost; rolling back");
        }
        return result;
    }
}
