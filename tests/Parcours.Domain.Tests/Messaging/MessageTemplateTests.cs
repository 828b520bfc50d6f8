using Parcours.Domain.Common;
using Parcours.Domain.Messaging;

namespace Parcours.Domain.Tests.Messaging;

public sealed class MessageTemplateTests
{
    private static readonly TemplateVariant Fr = new("fr", "Bienvenue", "<p>Bonjour {{ person.first_name }}</p>", null);
    private static readonly TemplateVariant En = new("en", "Welcome", "<p>Hello {{ person.first_name }}</p>", null);

    [Theory]
    [InlineData("en", "en")]
    [InlineData("en-GB", "en")]
    [InlineData("fr-CA", "fr")]
    [InlineData("de", "fr")]
    [InlineData(null, "fr")]
    public void VariantFor_PersonsLocale_ThenFrench(string? locale, string expected)
    {
        var template = MessageTemplate.Create(MessageChannel.Email, [Fr, En]).Value;

        Assert.Equal(expected, template.VariantFor(locale).Locale);
    }

    [Fact]
    public void VariantFor_OnlyEnglish_IsEnglishForEveryone()
    {
        Assert.Equal("en", MessageTemplate.Create(MessageChannel.Email, [En]).Value.VariantFor("fr").Locale);
    }

    [Fact]
    public void Create_EmailWithoutSubject_SmsTooLong_UnknownLocale_Fail()
    {
        Assert.Contains(Failures(MessageTemplate.Create(MessageChannel.Email, [Fr with { Subject = " " }])), f => f.Code == "empty_subject");
        Assert.Contains(Failures(MessageTemplate.Create(MessageChannel.Sms, [new TemplateVariant("fr", null, new string('a', 1601), null)])), f => f.Code == "body_too_long");
        Assert.Contains(Failures(MessageTemplate.Create(MessageChannel.Sms, [new TemplateVariant("de", null, "Hallo", null)])), f => f.Code == "invalid_locale");
        Assert.Contains(Failures(MessageTemplate.Create(MessageChannel.Email, [Fr, Fr])), f => f.Code == "duplicate_locale");
        Assert.Contains(Failures(MessageTemplate.Create(MessageChannel.InApp, [])), f => f.Code == "no_variant");
    }

    [Fact]
    public void Create_SmsWithoutSubject_IsFine_AndLocaleIsNormalised()
    {
        var template = MessageTemplate.Create(MessageChannel.Sms, [new TemplateVariant(" FR ", null, "Bonjour", null)]).Value;

        Assert.Equal("fr", template.Variants.Single().Locale);
    }

    [Fact]
    public void CanReport_StatusCallbacks_OnlyMoveForward()
    {
        Assert.True(MessageStatus.Sent.CanReport(MessageStatus.Delivered));
        Assert.True(MessageStatus.Delivered.CanReport(MessageStatus.Failed));
        Assert.False(MessageStatus.Delivered.CanReport(MessageStatus.Delivered));
        Assert.False(MessageStatus.Suppressed.CanReport(MessageStatus.Delivered));
        Assert.False(MessageStatus.Scheduled.CanReport(MessageStatus.Delivered));
    }

    private static IReadOnlyList<Error.Invalid> Failures(Result<MessageTemplate> result) =>
        Assert.IsType<Error.Validation>(result.Error).Failures;
}
