package vn.poverty.query.shared;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** "Today" is the date in the programme's time zone (Asia/Ho_Chi_Minh unless configured). */
@Configuration
class ClockConfiguration {

    @Bean
    Clock clock(@Value("${poverty.zone:Asia/Ho_Chi_Minh}") String zone) {
        return Clock.system(ZoneId.of(zone));
    }
}
