package vn.poverty.command.shared;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What controllers use to send a command and wait for its result. The HTTP status of success travels in the
 * metadata, so that the idempotency record written in the command's transaction can replay the exact response.
 */
@Component
public class CommandSender {

    public static final String SUCCESS_STATUS = "successStatus";

    private final CommandGateway gateway;

    CommandSender(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public <R> R send(Object command, HttpStatus successStatus) {
        var message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with(SUCCESS_STATUS, successStatus.value()));
        return gateway.sendAndWait(message);
    }
}
