using System.Net.Http.Json;
using Parcours.Server.Features.Playbooks;
using Parcours.Server.Tests.Messaging;
using static Parcours.Server.Tests.Messaging.ChannelKit;

namespace Parcours.Server.Tests.Playbooks;

/// <summary>GET /api/v1/onboarding: the counts by progress, the late milestones and time to onboard by enrolment month.</summary>
public abstract class OnboardingOverviewTests<THost>(THost host) where THost : ChannelHost
{
    [Fact]
    public async Task Onboarding_WithOneOnboardedAndOneLate_CountsThem_ListsTheLateMilestone_AndAveragesTheMonth()
    {
        var kit = await CreateAsync(host);
        (await kit.Api.PostAsync("/api/v1/playbooks/built-in/new_employee", null, Ct)).EnsureSuccessStatusCode();
        var jules = await kit.PersonAsync("Jules");
        var lea = await kit.PersonAsync("Léa");
        var julesEnrolment = await EnrolAsync(kit, jules);
        await EnrolAsync(kit, lea);
        // Jules is declared onboarded straight away; nobody logs in, so "access working" (D+1 09:00) goes late for both.
        (await kit.Api.PostAsync($"/api/v1/enrolments/{julesEnrolment}/steps/integrated/tick", null, Ct)).EnsureSuccessStatusCode();
        await kit.AdvanceAsync(TimeSpan.FromDays(3));
        await kit.SettledAsync();

        var overview = (await kit.Api.GetFromJsonAsync<OnboardingOverviewResponse>("/api/v1/onboarding", Json, Ct))!;

        var playbook = Assert.Single(overview.Playbooks);
        Assert.Equal("new_employee", playbook.Key);
        Assert.Equal(2, playbook.OnTrack + playbook.Late + playbook.Stalled);
        Assert.Equal(0, playbook.Finished);
        var cohort = Assert.Single(playbook.Cohorts);
        Assert.Equal((2, 1, 0.0), (cohort.Enrolled, cohort.Onboarded, cohort.AverageDaysToOnboard));
        Assert.Equal(0.0, playbook.AverageDaysToOnboard);
        var late = overview.LateMilestones.Where(m => m.StepKey == "access_ready").ToList();
        Assert.Equal(2, late.Count);
        Assert.Contains(late, m => m.PersonName!.StartsWith("Léa", StringComparison.Ordinal) && m.Name == "Accès opérationnels" && m.PersonId == lea);
    }

    private static async Task<Guid> EnrolAsync(ChannelKit kit, Guid person)
    {
        var response = await kit.Api.PostAsJsonAsync("/api/v1/playbooks/new_employee/enrolments", new EnrolRequest(person, null), Json, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<EnrolmentView>(Json, Ct))!.Id;
    }
}

public sealed class OnboardingOverviewSqliteTests(SqliteChannelHost host) : OnboardingOverviewTests<SqliteChannelHost>(host), IClassFixture<SqliteChannelHost>;
