using Parcours.Infrastructure.Imports;

namespace Parcours.Infrastructure.Tests.Imports;

public sealed class ImportFieldsTests
{
    [Fact]
    public void SuggestMapping_FrenchAccountHeaders_MapsEveryField()
    {
        string[] headers =
        [
            "Raison sociale", "Site web", "Code client", "CA mensuel", "Devise", "E-mail du responsable", "Étape",
            "Date de début", "Date de renouvellement", "Étiquettes", "Statut", "Colonne inconnue",
        ];

        var mapping = ImportFields.SuggestMapping(ImportKind.Accounts, headers);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["name"] = "Raison sociale",
                ["domain"] = "Site web",
                ["externalId"] = "Code client",
                ["mrr"] = "CA mensuel",
                ["currency"] = "Devise",
                ["ownerEmail"] = "E-mail du responsable",
                ["lifecycleStage"] = "Étape",
                ["startDate"] = "Date de début",
                ["renewalDate"] = "Date de renouvellement",
                ["tags"] = "Étiquettes",
                ["status"] = "Statut",
            },
            mapping);
    }

    [Fact]
    public void SuggestMapping_FrenchPeopleHeadersInOtherCaseAndAccents_MapsThem()
    {
        string[] headers = ["PRENOM", "Nom", "Courriel", "Portable", "fonction", "Rôle", "Code client"];

        var mapping = ImportFields.SuggestMapping(ImportKind.People, headers);

        Assert.Equal("PRENOM", mapping["firstName"]);
        Assert.Equal("Nom", mapping["lastName"]);
        Assert.Equal("Courriel", mapping["email"]);
        Assert.Equal("Portable", mapping["phone"]);
        Assert.Equal("fonction", mapping["jobTitle"]);
        Assert.Equal("Rôle", mapping["stakeholderRole"]);
        Assert.Equal("Code client", mapping["accountExternalId"]);
    }

    [Fact]
    public void SuggestMapping_NomForAccounts_IsTheName()
    {
        var mapping = ImportFields.SuggestMapping(ImportKind.Accounts, ["Nom", "Société", "Domaine", "MRR"]);

        Assert.Equal("Nom", mapping["name"]);
        Assert.Equal("Domaine", mapping["domain"]);
        Assert.Equal("MRR", mapping["mrr"]);
        Assert.DoesNotContain("Société", mapping.Values);
    }

    [Theory]
    [InlineData(ImportKind.Accounts)]
    [InlineData(ImportKind.People)]
    public void SuggestMapping_FieldKeysAsHeaders_MapsEachToItself(ImportKind kind)
    {
        var keys = ImportFields.For(kind).Select(f => f.Key).ToList();

        var mapping = ImportFields.SuggestMapping(kind, keys);

        Assert.All(keys, key => Assert.Equal(key, mapping[key]));
    }

    [Theory]
    [InlineData(ImportKind.Accounts, "name")]
    [InlineData(ImportKind.People, "firstName,lastName")]
    public void For_EachKind_UniqueKeysAndExpectedRequiredFields(ImportKind kind, string required)
    {
        var fields = ImportFields.For(kind);

        Assert.Equal(fields.Count, fields.Select(f => f.Key).Distinct().Count());
        Assert.Equal(required.Split(','), fields.Where(f => f.Required).Select(f => f.Key));
    }
}
