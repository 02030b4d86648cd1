// The first cells of every backorder row in the queue and its "Due today" view: the order, the SKU
// with its title, the units short of those ordered, and the channel.
import { BlockStack, IndexTable, Text } from "@shopify/polaris";

export function BackorderLineCells({ row }: { row: { order: string; sku: string | null; title: string | null; quantityBackordered: number; quantityOrdered: number; channelLabel: string } }) {
  return (
    <>
      <IndexTable.Cell>
        <Text as="span" fontWeight="semibold">
          {row.order}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Text as="span">{row.sku ?? "—"}</Text>
          <Text as="span" tone="subdued" variant="bodySm">
            {row.title}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" numeric>
          {row.quantityBackordered} of {row.quantityOrdered}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{row.channelLabel}</IndexTable.Cell>
    </>
  );
}
