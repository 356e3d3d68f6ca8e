using Quartz;

namespace Momentum.Bot.Scheduling;

/// <summary>Delivers whatever is due in the outbox (new alerts are also delivered as they are raised).</summary>
[DisallowConcurrentExecution]
public sealed class DeliverOutboxJob(OutboxDelivery delivery) : IJob
{
    public static readonly JobKey Key = new("deliver", "outbox");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await delivery.DeliverDueAsync(cancellationToken);
}
