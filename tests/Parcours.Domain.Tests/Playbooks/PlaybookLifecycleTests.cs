using Parcours.Domain.Common;
using Parcours.Domain.Playbooks;
using static Parcours.Domain.Tests.Playbooks.SamplePlaybook;

namespace Parcours.Domain.Tests.Playbooks;

public sealed class PlaybookLifecycleTests
{
    private static PlaybookDefinition Draft()
    {
        var sample = Build();
        return PlaybookDefinition.Create(sample.Key, sample.Name, sample.Subject, sample.Trigger, sample.Steps, sample.ExitConditions, sample.OnboardedMilestone).Value;
    }

    [Fact]
    public void Create_ValidPlaybook_DraftVersionOne()
    {
        var draft = Draft();

        Assert.Equal((1, PlaybookStatus.Draft), (draft.Version, draft.Status));
    }

    [Fact]
    public void Publish_Draft_PublishedSameVersionAndDraftUnchanged()
    {
        var draft = Draft();

        var published = draft.Publish().Value;

        Assert.Equal((1, PlaybookStatus.Published), (published.Version, published.Status));
        Assert.Equal(PlaybookStatus.Draft, draft.Status);
    }

    [Fact]
    public void Publish_InvalidDraft_FailsWithProblems()
    {
        var broken = Draft() with { OnboardedMilestone = "nowhere" };

        Assert.Equal([("unknown_milestone", "onboardedMilestone")], FailuresOf(broken.Publish()));
    }

    [Fact]
    public void Publish_AlreadyPublished_Conflict()
    {
        var published = Draft().Publish().Value;

        Assert.IsType<Error.Conflict>(published.Publish().Error);
    }

    [Fact]
    public void Edit_Published_ConflictAndNothingChanges()
    {
        var published = Draft().Publish().Value;

        var result = published.Edit(d => d with { Name = T("Autre", "Other") });

        Assert.Equal("playbook_not_draft", Assert.IsType<Error.Conflict>(result.Error).Code);
        Assert.Equal("Exemple", published.Name.Fr);
    }

    [Fact]
    public void Revise_Published_NextVersionAsDraftPublishedUntouched()
    {
        var published = Draft().Publish().Value;

        var next = published.Revise().Value;
        var edited = next.Edit(d => d.Replace("csm_call", s => s with { When = StepTiming.Day(3, "09:30") })).Value;

        Assert.Equal((2, PlaybookStatus.Draft), (edited.Version, edited.Status));
        Assert.Equal(3, edited.Step("csm_call")!.When.Days);
        Assert.Equal(2, published.Step("csm_call")!.When.Days);
        Assert.Equal((1, PlaybookStatus.Published), (published.Version, published.Status));
    }

    [Fact]
    public void Revise_Draft_Conflict()
    {
        Assert.Equal("playbook_is_draft", Assert.IsType<Error.Conflict>(Draft().Revise().Error).Code);
    }

    [Fact]
    public void Edit_ChangeTriesToBumpVersionOrPublish_KeepsVersionAndStatus()
    {
        var edited = Draft().Edit(d => d with { Version = 9, Status = PlaybookStatus.Published, Key = "other" }).Value;

        Assert.Equal(("sample", 1, PlaybookStatus.Draft), (edited.Key, edited.Version, edited.Status));
    }

    [Fact]
    public void Edit_ChangeBreaksPlaybook_FailsWithProblems()
    {
        var result = Draft().Edit(d => d.Replace("first_import", s => ((WaitUntilStep)s) with { TimeoutDays = 0 }));

        Assert.Equal([("invalid_timeout", "steps[6].timeoutDays")], FailuresOf(result));
    }

    [Fact]
    public void Archive_Published_ArchivedThenRevisable()
    {
        var archived = Draft().Publish().Value.Archive().Value;

        Assert.Equal(PlaybookStatus.Archived, archived.Status);
        Assert.Equal(2, archived.Revise().Value.Version);
    }

    [Fact]
    public void Archive_Draft_Conflict()
    {
        Assert.IsType<Error.Conflict>(Draft().Archive().Error);
    }

    [Fact]
    public void For_EnglishRegionalLocale_English()
    {
        var text = T("Bonjour", "Hello");

        Assert.Equal(("Hello", "Bonjour", "Bonjour"), (text.For("en-GB"), text.For("fr"), text.For(null)));
    }
}
