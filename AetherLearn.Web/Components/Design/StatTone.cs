namespace AetherLearn.Web.Components.Design;

/// <summary>How much a number asks for attention: a count of things waiting for someone is <see cref="Attention"/> only when it is not zero.</summary>
public enum StatTone { Neutral, Good, Attention }
