package vn.poverty.command.loan;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs {@link OverdueCheck} every day (01:00 in the programme's time zone) with db-scheduler: the schedule lives in
 * PostgreSQL ({@code scheduled_tasks}), so it survives restarts and, with several command nodes, runs on one of
 * them only.
 */
@Configuration
class OverdueCheckSchedule {

    @Bean
    RecurringTask<Void> loanOverdueCheckTask(
            OverdueCheck check,
            @Value("${poverty.zone:Asia/Ho_Chi_Minh}") String zone,
            @Value("${poverty.loans.overdue-check-time:01:00}") String time) {
        ZoneId zoneId = ZoneId.of(zone);
        return Tasks.recurring("loan-overdue-check", Schedules.daily(zoneId, LocalTime.parse(time)))
                .execute((instance, context) -> check.run(LocalDate.now(Clock.system(zoneId))));
    }
}
