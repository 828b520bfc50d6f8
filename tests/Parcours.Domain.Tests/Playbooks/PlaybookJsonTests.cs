using System.Text.Json.Nodes;
using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;

namespace Parcours.Domain.Tests.Playbooks;

/// <summary>
/// Golden files are stored playbooks as earlier versions of Parcours wrote them. They are never regenerated: when a
/// change to the model breaks one of these tests, stored playbooks would break the same way — add a migration, not a
/// new golden file.
/// </summary>
public sealed class PlaybookJsonTests
{
    private static string Golden(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Parcours.Domain.Tests", "Playbooks", "Golden", name);
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }
        }

        throw new FileNotFoundException($"Golden file {name} not found above {AppContext.BaseDirectory}.");
    }

    [Fact]
    public void Deserialize_GoldenV1_LoadsEveryStepKindAndIsValid()
    {
        var definition = PlaybookJson.Deserialize(Golden("playbook-v1.json")).Value;

        Assert.Equal(("saas_trial", 3, PlaybookStatus.Published, SubjectKind.Account), (definition.Key, definition.Version, definition.Status, definition.Subject));
        Assert.Equal(PlaybookTrigger.OnEvent("order_completed"), definition.Trigger);
        Assert.Equal(
            [StepKind.SendMessage, StepKind.CreateTask, StepKind.Milestone, StepKind.WaitUntil, StepKind.CreateTask, StepKind.Branch, StepKind.SendMessage, StepKind.Series, StepKind.Milestone],
            definition.Steps.Select(s => s.Kind));
        Assert.Empty(definition.Problems());
    }

    [Fact]
    public void Deserialize_GoldenV1_FieldsOfEachKindRead()
    {
        var definition = PlaybookJson.Deserialize(Golden("playbook-v1.json")).Value;

        var call = Assert.IsType<CreateTaskStep>(definition.Step("csm_call"));
        Assert.Equal((AssigneeRole.Csm, new StepTiming(2, "09:30", null, true)), (call.Assignee, call.When));
        Assert.Equal(AssigneeRole.AccountOwner, Assert.IsType<CreateTaskStep>(definition.Step("import_help")).Assignee);
        Assert.Equal(MilestoneCompletion.OnEvent("integration_configured"), Assert.IsType<MilestoneStep>(definition.Step("technical_setup")).Completion);
        var wait = Assert.IsType<WaitUntilStep>(definition.Step("first_import"));
        Assert.Equal(("data_imported", 10, "import_help"), (wait.EventName, wait.TimeoutDays, Assert.Single(wait.OnTimeout)));
        var branch = Assert.IsType<BranchStep>(definition.Step("login_check"));
        Assert.Equal((BranchConditionKind.EventSeen, 0, "relaunch"), (branch.Condition.Kind, branch.Then.Count, Assert.Single(branch.Else)));
        var relaunch = Assert.IsType<SendMessageStep>(definition.Step("relaunch"));
        Assert.Equal((MessageChannel.Sms, (LocalizedText?)null), (relaunch.Channel, relaunch.Subject));
        var tips = Assert.IsType<SeriesStep>(definition.Step("tips"));
        Assert.Equal(MessageChannel.InApp, tips.Channel);
        Assert.Equal([0, 2, 4, 34, 64], tips.Pattern.Expand());
        Assert.Equal([ExitCondition.AccountChurned, ExitCondition.OnEvent("order_cancelled")], definition.ExitConditions);
    }

    [Fact]
    public void Serialize_GoldenV1_WritesBackTheSameJson()
    {
        var stored = Golden("playbook-v1.json");

        var written = PlaybookJson.Serialize(PlaybookJson.Deserialize(stored).Value);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored), JsonNode.Parse(written)), written);
    }

    [Fact]
    public void Deserialize_MinimalOldShape_MissingFieldsTakeDefaults()
    {
        var definition = PlaybookJson.Deserialize(Golden("playbook-v1-minimal.json")).Value;

        Assert.Equal((1, PlaybookStatus.Draft, TriggerKind.Manual), (definition.Version, definition.Status, definition.Trigger.Kind));
        Assert.Empty(definition.ExitConditions);
        Assert.Null(definition.OnboardedMilestone);
        var wait = Assert.IsType<WaitUntilStep>(definition.Step("wait_login"));
        Assert.Empty(wait.OnTimeout);
        Assert.False(wait.When.BusinessDaysOnly);
        Assert.Empty(definition.Problems());
    }

    [Fact]
    public void Deserialize_StoredBadLocalTime_LoadsAndValidationNamesIt()
    {
        var json = Golden("playbook-v1-minimal.json").Replace("\"at\": \"09:00\"", "\"at\": \"25:00\"", StringComparison.Ordinal);

        var definition = PlaybookJson.Deserialize(json).Value;

        Assert.Equal([("invalid_local_time", "steps[1].when.at")], definition.Problems().Select(p => (p.Code, p.Field)));
    }

    [Fact]
    public void Deserialize_UnknownStepType_InvalidJson()
    {
        var json = Golden("playbook-v1-minimal.json").Replace("\"wait_until\"", "\"teleport\"", StringComparison.Ordinal);

        Assert.Equal("invalid_json", Assert.IsType<Error.Invalid>(PlaybookJson.Deserialize(json).Error).Code);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    public void Deserialize_NotAPlaybook_InvalidJson(string json)
    {
        Assert.Equal("invalid_json", Assert.IsType<Error.Invalid>(PlaybookJson.Deserialize(json).Error).Code);
    }

    [Fact]
    public void Serialize_SamplePlaybook_RoundTripsEveryStep()
    {
        var sample = SamplePlaybook.Build();

        var loaded = PlaybookJson.Deserialize(PlaybookJson.Serialize(sample)).Value;

        Assert.Equal(PlaybookJson.Serialize(sample), PlaybookJson.Serialize(loaded));
        Assert.Equal(sample.Steps.Select(s => s.Kind), loaded.Steps.Select(s => s.Kind));
    }

    [Fact]
    public void Serialize_EnumsAndDiscriminator_SnakeCaseNames()
    {
        var json = PlaybookJson.Serialize(SamplePlaybook.Build());

        Assert.Contains("\"type\": \"wait_until\"", json, StringComparison.Ordinal);
        Assert.Contains("\"subject\": \"account\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"account_churned\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("localTime", json, StringComparison.OrdinalIgnoreCase);
    }
}
