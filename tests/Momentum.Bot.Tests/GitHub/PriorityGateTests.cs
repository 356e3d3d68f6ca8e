using Momentum.Bot.GitHub;

namespace Momentum.Bot.Tests.GitHub;

/// <summary>The GitHub client's request gate: a freed place goes to a person's request before any background one.</summary>
public sealed class PriorityGateTests
{
    [Fact]
    public async Task AFreedPlaceGoesToAPersonBeforeBackgroundRequestsThatWaitedLonger()
    {
        var gate = new PriorityGate(1);
        await gate.WaitAsync(person: false, CancellationToken.None);
        var background = gate.WaitAsync(person: false, CancellationToken.None);
        var person = gate.WaitAsync(person: true, CancellationToken.None);
        Assert.False(background.IsCompleted || person.IsCompleted, "a request got a place that was not free");

        gate.Release();
        await person;
        Assert.False(background.IsCompleted, "the background request went first");

        gate.Release();
        await background;
    }

    [Fact]
    public async Task ACancelledWaiterGivesUpItsTurnAndThePlaceGoesOn()
    {
        var gate = new PriorityGate(1);
        await gate.WaitAsync(person: true, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.WaitAsync(person: true, cancel.Token);
        var next = gate.WaitAsync(person: false, CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        gate.Release();
        await next;

        // The place is held once: a third request waits until it is given back.
        var third = gate.WaitAsync(person: true, CancellationToken.None);
        Assert.False(third.IsCompleted);
        gate.Release();
        await third;
    }

    [Fact]
    public void UpToItsCapacityNobodyWaits()
    {
        var gate = new PriorityGate(2);
        var first = gate.WaitAsync(person: false, CancellationToken.None);
        var second = gate.WaitAsync(person: false, CancellationToken.None);
        Assert.True(first.IsCompletedSuccessfully && second.IsCompletedSuccessfully);
        Assert.False(gate.WaitAsync(person: true, CancellationToken.None).IsCompleted);
    }
}
